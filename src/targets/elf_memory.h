// ROM/RAM usage of an ELF, from its section headers (libelf), classified per architecture:
// code, read-only data (weights), misc loadable ROM (init images, tables), data, zero-init data.
#pragma once

#include <filesystem>

#include "targets/target.h"

namespace mlonmcu::targets {

// Throws Error(Io) when the file is not a readable ELF.
MemoryUsage read_elf_memory(const std::filesystem::path& elf);

// Address of a symbol in the ELF's symbol table, or -1.
int64_t elf_symbol_address(const std::filesystem::path& elf, const std::string& symbol);

}  // namespace mlonmcu::targets
