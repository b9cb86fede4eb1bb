// The Compiler and Simulator columns: versions picked out of real --version lines.
#include "targets/tool_version.h"

#include <gtest/gtest.h>

#include "common/process.h"

namespace mlonmcu::targets {
namespace {

TEST(ToolVersion, NumberOutsideParenthesesFirst) {
  // First lines of the Debian tools' --version, as printed on this machine.
  EXPECT_EQ(version_number("arm-none-eabi-gcc (15:12.2.rel1-1) 12.2.1 20221205"), "12.2.1");
  EXPECT_EQ(version_number("gcc (Debian 12.2.0-14+deb12u1) 12.2.0"), "12.2.0");
  EXPECT_EQ(version_number("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)"), "7.2.22");
  EXPECT_EQ(version_number("valgrind-3.19.0"), "3.19.0");
  EXPECT_EQ(version_number("tool (only 1.2 in here)"), "1.2");
  EXPECT_EQ(version_number("x86_64 tool 2"), "");
}

TEST(ToolVersion, OfARealProgram) {
  const auto cc = find_program("cc");
  if (cc.empty()) GTEST_SKIP() << "no cc";
  const std::string line = version_line(cc);
  const std::string with = tool_with_version(cc);
  ASSERT_FALSE(version_number(line).empty()) << line;
  EXPECT_EQ(with, "cc " + version_number(line));
  EXPECT_NE(line.find(version_number(line)), std::string::npos);
  EXPECT_EQ(tool_with_version(""), "");
}

}  // namespace
}  // namespace mlonmcu::targets
