// ELF memory classification of known programs, checked against the section sizes binutils
// reports and against the sizes of the objects the programs define.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "baremetal_test_util.h"
#include "common/error.h"
#include "targets/elf_memory.h"

namespace mlonmcu::targets::testing {
namespace {

// Section name -> size, from `<prefix>size -A` (an independent reader of the same file).
std::map<std::string, int64_t> section_sizes(const std::string& size_tool, const fs::path& elf) {
  const ProcessResult r = run_process({size_tool, "-A", elf.string()});
  EXPECT_TRUE(r.ok()) << r.err;
  std::map<std::string, int64_t> sizes;
  std::istringstream in(r.out);
  std::string name;
  int64_t size = 0, addr = 0;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    if (words >> name >> size >> addr && name[0] == '.') sizes[name] = size;
  }
  return sizes;
}

std::string weights_program(int n) {
  return "#include <stdint.h>\n"
         "const uint8_t mlif_data_weights[" + std::to_string(n) + "] = {1, 2, 3};\n"
         "uint8_t zero_buffer[300];\n"
         "uint32_t initialized[16] = {1, 2};\n"
         "int main(void) {\n"
         "  uint32_t s = 0;\n"
         "  for (unsigned i = 0; i < sizeof mlif_data_weights; ++i) s += mlif_data_weights[i] + zero_buffer[i % 300];\n"
         "  return (int)(s + initialized[1]) - 8;\n"
         "}\n";
}

TEST(ElfMemory, RiscvPicolibcSplitsWeightsFromCode) {
  TargetFixture f("rv32_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  const CompileResult small = compile_program(f, dir.path() / "small", weights_program(1000));
  const CompileResult large = compile_program(f, dir.path() / "large", weights_program(1504));
  const MemoryUsage a = small.memory;
  const MemoryUsage b = large.memory;

  // 504 more bytes of weights (sizes kept multiples of 8, so alignment padding after them stays the
  // same) are 504 more read-only bytes; the code is the same size.
  EXPECT_EQ(b.rom_read_only - a.rom_read_only, 504);
  EXPECT_EQ(b.rom_code, a.rom_code);
  EXPECT_GE(a.rom_read_only, 1000);

  const auto sections = section_sizes("riscv64-unknown-elf-size", small.elf);
  // .rodata is merged into .text by picolibc's script: code + read-only = .init + .text.
  EXPECT_EQ(a.rom_code + a.rom_read_only, sections.at(".init") + sections.at(".text"));
  EXPECT_EQ(a.ram_data, sections.at(".data"));
  EXPECT_GE(a.ram_data, 64);  // `initialized`
  EXPECT_EQ(a.rom_misc, sections.at(".data"));  // the init image of .data in flash
  EXPECT_EQ(a.ram_zero_init, sections.at(".bss"));
  EXPECT_GE(a.ram_zero_init, 300);  // `zero_buffer`
  EXPECT_EQ(a.ram_heap, 0);         // no malloc linked
  EXPECT_EQ(a.ram_stack, -1);       // measured at run time, not from the ELF
}

TEST(ElfMemory, ArmVectorTableIsRomAndDataImageCounted) {
  TargetFixture f("cm4_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  const CompileResult compiled = compile_program(f, dir.path(), weights_program(1000));
  const MemoryUsage m = compiled.memory;
  const auto sections = section_sizes("arm-none-eabi-size", compiled.elf);
  // On Arm, .init holds the (writable-flagged) vector table, which sits in flash.
  EXPECT_EQ(m.rom_code + m.rom_read_only, sections.at(".text"));
  EXPECT_EQ(m.rom_misc, sections.at(".init") + sections.at(".data"));
  EXPECT_EQ(m.ram_data, sections.at(".data"));
  EXPECT_EQ(m.ram_zero_init, sections.at(".bss"));
  EXPECT_GE(m.rom_read_only, 1000);
  EXPECT_EQ(m.total_rom(), sections.at(".init") + sections.at(".text") + sections.at(".data"));
}

TEST(ElfMemory, HostExecutable) {
  const fs::path cc = find_program("cc");
  if (cc.empty()) GTEST_SKIP() << "no host compiler";
  TempDir dir;
  const fs::path src = write_file(dir.path() / "host.c", weights_program(4096));
  const fs::path elf = dir.path() / "host";
  ASSERT_TRUE(run_process({cc.string(), "-O2", src.string(), "-o", elf.string()}).ok());
  const MemoryUsage m = read_elf_memory(elf);
  const auto sections = section_sizes("size", elf);
  EXPECT_EQ(m.rom_code, sections.at(".text") + sections.at(".init") + sections.at(".fini") +
                            (sections.count(".plt") ? sections.at(".plt") : 0) +
                            (sections.count(".plt.got") ? sections.at(".plt.got") : 0));
  EXPECT_EQ(m.rom_read_only, sections.at(".rodata"));
  EXPECT_GE(m.rom_read_only, 4096);
  EXPECT_GE(m.rom_misc, sections.at(".eh_frame"));
  EXPECT_GE(m.ram_data, sections.at(".data"));
  EXPECT_EQ(m.ram_zero_init, sections.at(".bss"));
  EXPECT_EQ(m.ram_heap, -1);  // dynamically linked: unknown
}

TEST(ElfMemory, NotAnElfIsIoError) {
  TempDir dir;
  const fs::path junk = write_file(dir.path() / "junk.elf", "this is not an ELF file");
  try {
    read_elf_memory(junk);
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
  }
  try {
    read_elf_memory(dir.path() / "missing.elf");
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
  }
  EXPECT_THROW(elf_symbol_address(junk, "main"), Error);
}

TEST(ElfSymbols, ThumbBitIsClearedAndMissingSymbolIsMinusOne) {
  TargetFixture f("cm0_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  const CompileResult compiled = compile_program(f, dir.path(), std::string(kMarkers) + "int main(void) { mlif_mark_run_begin(); return 0; }\n");
  // readelf shows the raw symbol value, Thumb bit included.
  const ProcessResult r = run_process({"arm-none-eabi-readelf", "-s", compiled.elf.string()});
  ASSERT_TRUE(r.ok());
  std::istringstream in(r.out);
  std::string line;
  int64_t raw = -1;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string num, value, size, type, bind, vis, ndx, name;
    if (words >> num >> value >> size >> type >> bind >> vis >> ndx >> name && name == "mlif_mark_run_begin")
      raw = std::stoll(value, nullptr, 16);
  }
  ASSERT_EQ(raw & 1, 1);
  EXPECT_EQ(elf_symbol_address(compiled.elf, "mlif_mark_run_begin"), raw - 1);
  EXPECT_EQ(elf_symbol_address(compiled.elf, "no_such_symbol"), -1);
}

}  // namespace
}  // namespace mlonmcu::targets::testing
