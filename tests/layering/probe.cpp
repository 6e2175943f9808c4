// Compiled as part of one engine layer, including one internal header (PKENGINE_PROBE_HEADER):
// the layering test expects this to fail for a header of a higher layer and to succeed for one
// of a lower layer.
#include PKENGINE_PROBE_HEADER

int pkengine_layering_probe() {
    return 0;
}
