// A library a program links: sources compiled once per (target, flags) and cached in the
// environment's deps/ directory. Backends describe the libraries they need as this plain data
// (the interpreter runtime, TFLite-Micro's core, one library per TFLM kernel, CMSIS-NN), so a
// scheduler can build them as tasks of their own and every run that needs one shares it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mlonmcu::targets {

enum class Language { C, Cxx };

struct Library {
  std::string name;  // archive name (lib<name>.a), part of the cache key
  Language language = Language::C;
  std::vector<std::filesystem::path> sources;
  // Searched by the library's sources and by the program's (its public headers); every header
  // below them is part of the cache key.
  std::vector<std::filesystem::path> include_dirs;
  std::vector<std::string> defines;  // "NAME" or "NAME=VALUE", for the library's sources only
};

// True when any library is C++ (the program is then linked with the C++ driver and library).
bool any_cxx(const std::vector<Library>& libraries);

// True for C++ source file names (.cc, .cpp, .cxx).
bool is_cxx_source(const std::filesystem::path& source);

}  // namespace mlonmcu::targets
