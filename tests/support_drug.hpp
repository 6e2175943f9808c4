#pragma once
// Helpers of the drug-file tests: the shipped ketamine file, and copies of it with one edit,
// written to a scratch directory under the name the loader expects.

#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <pkengine/pkengine.hpp>
#include <sstream>
#include <string>

namespace testing {

/// Path of the shipped ketamine drug file in the source tree.
inline std::string ketamine_path() {
    return std::string(PKENGINE_SOURCE_DIR) + "/engine/data/drugs/ketamine.json";
}

/// The shipped ketamine file, loaded once.
inline const pkengine::Drug& ketamine() {
    static const pkengine::Drug drug = pkengine::Drug::load_file(ketamine_path());
    return drug;
}

/// Path of the shipped esketamine drug file in the source tree.
inline std::string esketamine_path() {
    return std::string(PKENGINE_SOURCE_DIR) + "/engine/data/drugs/esketamine.json";
}

/// The shipped esketamine file, loaded once.
inline const pkengine::Drug& esketamine() {
    static const pkengine::Drug drug = pkengine::Drug::load_file(esketamine_path());
    return drug;
}

/// The text of the shipped esketamine file.
inline std::string esketamine_text() {
    std::ifstream in(esketamine_path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The text of the shipped ketamine file.
inline std::string ketamine_text() {
    std::ifstream in(ketamine_path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// `text` with its one occurrence of `from` replaced by `to` (the test fails if `from` is not
/// found exactly once, so an edit never silently misses).
inline std::string replaced(const std::string& text, const std::string& from,
                            const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    return text.substr(0, at) + to + text.substr(at + from.size());
}

/// Writes `text` as `<scratch dir>/<file_name>` and returns the path.
inline std::string write_scratch(const std::string& text,
                                 const std::string& file_name = "ketamine.json") {
    // One directory per process: CTest runs test cases in parallel processes, and other builds of
    // the suite may run at the same time.
    const auto dir = std::filesystem::temp_directory_path() /
                     ("pkengine_drug_tests_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / file_name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}

}  // namespace testing
