// The dataset reader on any bytes: it either reads them or throws InvalidInput, and what it reads
// holds together (every record finite where the reader promises it, IDs non-empty, times
// non-decreasing within an ID).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <pkengine/pkengine.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const pkengine::Dataset dataset = pkengine::Dataset::parse_csv(text, "fuzz.csv");
        for (const pkengine::DatasetSubject& subject : dataset.subjects()) {
            if (subject.records.empty()) std::abort();
            double previous = 0.0;
            for (const pkengine::DatasetRecord& record : subject.records) {
                const pkengine::DoseEvent& event = record.event;
                if (!std::isfinite(event.time_h) || event.time_h < previous) std::abort();
                if (!std::isfinite(event.amount_mg) || event.amount_mg < 0.0) std::abort();
                if (event.additional < 0 || event.interval_h < 0.0) std::abort();
                previous = event.time_h;
            }
        }
    } catch (const pkengine::InvalidInput&) {
    }
    return 0;
}
