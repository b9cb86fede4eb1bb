// ROM/RAM classification of an ELF's sections (libelf, ELF32 and ELF64).
//
// Rules (the same for RISC-V, Arm and the host; only what is loadable counts):
// - Non-ALLOC sections (.comment, *.attributes, .debug_*, symbol tables) are ignored, and so is
//   the `.stack` reservation (the stack is measured at run time) and `.tbss_space` (it only
//   reserves the bytes of .tbss, which is counted itself).
// - NOBITS: RAM zero-init (.bss, .sbss, .tbss); a section named `.heap` is RAM heap.
// - Writable PROGBITS placed in RAM: RAM data; if its load address differs from its run address
//   (bare metal: the init image lives in flash and crt0 copies it) the image also counts as ROM
//   misc. A writable section whose load and run addresses are equal in a bare-metal image sits in
//   flash (the Arm vector table in picolibc's .init is WA), so it counts as ROM misc.
// - Executable sections: ROM code, minus the read-only data merged into them. picolibc's linker
//   script puts .rodata/.srodata into .text after the `__text_end` symbol; everything from there to
//   the end of the section, and every sized STT_OBJECT symbol inside a code section (weights such
//   as mlif_data_* / mlonmcu_model_*, libc tables), is ROM read-only instead.
// - Other read-only sections: .rodata*/.srodata* are ROM read-only; the rest (.eh_frame,
//   .ARM.exidx, .init_array, dynamic-linking tables, notes) are ROM misc.
#include "targets/elf_memory.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace mlonmcu::targets {

namespace {

// Owns the file descriptor and the libelf handle of one opened ELF file.
class ElfFile {
 public:
  explicit ElfFile(const std::filesystem::path& path) {
    if (elf_version(EV_CURRENT) == EV_NONE) {
      throw Error(ErrorKind::Internal, "libelf: version mismatch");
    }
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error(ErrorKind::Io, "cannot open ELF file " + path.string());
    elf_ = elf_begin(fd_, ELF_C_READ, nullptr);
    GElf_Ehdr header;
    if (elf_ == nullptr || elf_kind(elf_) != ELF_K_ELF || gelf_getehdr(elf_, &header) == nullptr) {
      close_all();
      throw Error(ErrorKind::Io, "not a readable ELF file: " + path.string());
    }
    header_ = header;
  }
  ~ElfFile() { close_all(); }
  ElfFile(const ElfFile&) = delete;
  ElfFile& operator=(const ElfFile&) = delete;

  Elf* get() const { return elf_; }
  const GElf_Ehdr& header() const { return header_; }

 private:
  void close_all() {
    if (elf_ != nullptr) elf_end(elf_);
    if (fd_ >= 0) ::close(fd_);
    elf_ = nullptr;
    fd_ = -1;
  }
  int fd_ = -1;
  Elf* elf_ = nullptr;
  GElf_Ehdr header_{};
};

struct Section {
  std::string name;
  GElf_Shdr header;
};

struct Symbol {
  std::string name;
  GElf_Sym sym;
};

std::vector<Section> read_sections(Elf* elf) {
  size_t string_index = 0;
  if (elf_getshdrstrndx(elf, &string_index) != 0) {
    throw Error(ErrorKind::Io, "ELF file without section name table");
  }
  std::vector<Section> sections;
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn)) != nullptr) {
    Section section;
    if (gelf_getshdr(scn, &section.header) == nullptr) continue;
    const char* name = elf_strptr(elf, string_index, section.header.sh_name);
    section.name = name != nullptr ? name : "";
    sections.push_back(std::move(section));
  }
  return sections;
}

std::vector<Symbol> read_symbols(Elf* elf) {
  std::vector<Symbol> symbols;
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn)) != nullptr) {
    GElf_Shdr header;
    if (gelf_getshdr(scn, &header) == nullptr || header.sh_type != SHT_SYMTAB) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr || header.sh_entsize == 0) continue;
    const size_t count = header.sh_size / header.sh_entsize;
    for (size_t i = 0; i < count; ++i) {
      Symbol symbol;
      if (gelf_getsym(data, static_cast<int>(i), &symbol.sym) == nullptr) break;
      const char* name = elf_strptr(elf, header.sh_link, symbol.sym.st_name);
      symbol.name = name != nullptr ? name : "";
      symbols.push_back(std::move(symbol));
    }
  }
  return symbols;
}

std::vector<GElf_Phdr> read_segments(Elf* elf) {
  std::vector<GElf_Phdr> segments;
  size_t count = 0;
  if (elf_getphdrnum(elf, &count) != 0) return segments;
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr phdr;
    if (gelf_getphdr(elf, static_cast<int>(i), &phdr) != nullptr) segments.push_back(phdr);
  }
  return segments;
}

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// Load address minus run address of the PT_LOAD segment holding the section (0 if none).
int64_t load_offset(const std::vector<GElf_Phdr>& segments, const GElf_Shdr& section) {
  for (const auto& seg : segments) {
    if (seg.p_type != PT_LOAD) continue;
    if (section.sh_addr >= seg.p_vaddr && section.sh_addr < seg.p_vaddr + std::max(seg.p_memsz, GElf_Xword{1})) {
      return static_cast<int64_t>(seg.p_paddr) - static_cast<int64_t>(seg.p_vaddr);
    }
  }
  return 0;
}

// Bytes of [begin, end) covered by the union of the given intervals.
uint64_t covered_bytes(std::vector<std::pair<uint64_t, uint64_t>> intervals, uint64_t begin, uint64_t end) {
  std::sort(intervals.begin(), intervals.end());
  uint64_t total = 0;
  uint64_t reach = begin;
  for (auto [lo, hi] : intervals) {
    lo = std::max(lo, reach);
    hi = std::min(hi, end);
    if (hi > lo) {
      total += hi - lo;
      reach = hi;
    }
  }
  return total;
}

// Read-only bytes inside an executable section (see the rules at the top of the file).
uint64_t read_only_in_code(const Section& section, const std::vector<Symbol>& symbols) {
  const uint64_t begin = section.header.sh_addr;
  const uint64_t end = begin + section.header.sh_size;
  std::vector<std::pair<uint64_t, uint64_t>> intervals;
  for (const auto& symbol : symbols) {
    const uint64_t value = symbol.sym.st_value;
    if (symbol.name == "__text_end" && value > begin && value < end) {
      intervals.emplace_back(value, end);
    } else if (GELF_ST_TYPE(symbol.sym.st_info) == STT_OBJECT && symbol.sym.st_size > 0 &&
               value >= begin && value < end) {
      intervals.emplace_back(value, std::min(end, value + symbol.sym.st_size));
    }
  }
  return covered_bytes(std::move(intervals), begin, end);
}

bool is_bare_metal(const GElf_Ehdr& header, const std::vector<GElf_Phdr>& segments) {
  if (header.e_type != ET_EXEC) return false;
  return std::none_of(segments.begin(), segments.end(),
                      [](const GElf_Phdr& p) { return p.p_type == PT_INTERP || p.p_type == PT_DYNAMIC; });
}

void add(int64_t& field, uint64_t bytes) {
  if (field < 0) field = 0;
  field += static_cast<int64_t>(bytes);
}

}  // namespace

MemoryUsage read_elf_memory(const std::filesystem::path& elf_path) {
  ElfFile file(elf_path);
  const auto sections = read_sections(file.get());
  const auto symbols = read_symbols(file.get());
  const auto segments = read_segments(file.get());
  const bool bare_metal = is_bare_metal(file.header(), segments);

  MemoryUsage usage;
  usage.rom_code = usage.rom_read_only = usage.rom_misc = 0;
  usage.ram_data = usage.ram_zero_init = 0;
  bool has_malloc = false;
  for (const auto& symbol : symbols) {
    if (symbol.name == "malloc" && symbol.sym.st_shndx != SHN_UNDEF) has_malloc = true;
  }
  // Bare-metal programs that never link malloc use no heap; elsewhere the heap is unknown here.
  usage.ram_heap = (bare_metal && !has_malloc) ? 0 : -1;

  for (const auto& section : sections) {
    const auto& h = section.header;
    if ((h.sh_flags & SHF_ALLOC) == 0 || h.sh_size == 0) continue;
    if (section.name == ".stack" || section.name == ".tbss_space") continue;
    if (h.sh_type == SHT_NOBITS) {
      if (section.name == ".heap") {
        add(usage.ram_heap, h.sh_size);
      } else {
        add(usage.ram_zero_init, h.sh_size);
      }
      continue;
    }
    if ((h.sh_flags & SHF_EXECINSTR) != 0) {
      const uint64_t read_only = read_only_in_code(section, symbols);
      add(usage.rom_read_only, read_only);
      add(usage.rom_code, h.sh_size - read_only);
      continue;
    }
    if ((h.sh_flags & SHF_WRITE) != 0) {
      const bool relocated = load_offset(segments, h) != 0;
      if (bare_metal && !relocated) {
        add(usage.rom_misc, h.sh_size);  // sits in flash where it is linked
      } else {
        add(usage.ram_data, h.sh_size);
        if (relocated) add(usage.rom_misc, h.sh_size);  // its init image in flash
      }
      continue;
    }
    if (starts_with(section.name, ".rodata") || starts_with(section.name, ".srodata")) {
      add(usage.rom_read_only, h.sh_size);
    } else {
      add(usage.rom_misc, h.sh_size);
    }
  }
  return usage;
}

int64_t elf_symbol_address(const std::filesystem::path& elf_path, const std::string& symbol_name) {
  ElfFile file(elf_path);
  const bool thumb = file.header().e_machine == EM_ARM;
  for (const auto& symbol : read_symbols(file.get())) {
    if (symbol.name != symbol_name || symbol.sym.st_shndx == SHN_UNDEF) continue;
    uint64_t address = symbol.sym.st_value;
    // Thumb function symbols carry bit 0 set; the code itself starts at the even address.
    if (thumb && GELF_ST_TYPE(symbol.sym.st_info) == STT_FUNC) address &= ~uint64_t{1};
    return static_cast<int64_t>(address);
  }
  return -1;
}

}  // namespace mlonmcu::targets
