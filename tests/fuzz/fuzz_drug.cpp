// The drug-file loader on any bytes: it either loads them or throws InvalidInput, and a drug it
// loads builds its default model at 70 kg (which may still reject the weight, but not crash).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <pkengine/pkengine.hpp>
#include <string>

namespace {

/// One scratch file per fuzzing process: the loader reads files, not memory.
const std::string& scratch_path() {
    static const std::string path =
        "/tmp/pkengine_fuzz_drug_" + std::to_string(static_cast<long>(getpid())) + ".json";
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    {
        std::ofstream out(scratch_path(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const pkengine::Drug drug = pkengine::Drug::load_file(scratch_path());
        const pkengine::Model model = drug.model(70.0);
        (void)model;
    } catch (const pkengine::InvalidInput&) {
    }
    std::remove(scratch_path().c_str());
    return 0;
}
