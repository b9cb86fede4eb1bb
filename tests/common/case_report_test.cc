#include "common/case_report.h"

#include <gtest/gtest.h>

namespace mlonmcu {
namespace {

TEST(CaseReport, OutputsBelongToTheCaseLineBeforeThem) {
  const auto got = parse_case_report(
      "banner the program printed first\ncase 1 ok 2\noutput 0 00ff\noutput 1 7f\ncase 0 ok 1\noutput 0 80\n", 2,
      "the runner");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(got[0].ok);
  EXPECT_EQ(got[0].outputs, (std::vector<std::vector<uint8_t>>{{0x80}}));
  EXPECT_TRUE(got[1].ok);
  EXPECT_EQ(got[1].outputs, (std::vector<std::vector<uint8_t>>{{0x00, 0xff}, {0x7f}}));
}

TEST(CaseReport, ErrorLinesMissingCasesAndGarbledOutputsSayWhy) {
  const auto got = parse_case_report(
      "case 0 error AllocateTensors failed\ncase 2 ok 1\noutput 0 0g\ncase 7 ok 1\noutput 0 ff\n", 3, "the runner");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_FALSE(got[0].ok);
  EXPECT_EQ(got[0].error, "AllocateTensors failed");
  EXPECT_FALSE(got[1].ok);
  EXPECT_EQ(got[1].error, "no result from the runner");
  EXPECT_FALSE(got[2].ok);
  EXPECT_EQ(got[2].error, "garbled output line from the runner");
  EXPECT_TRUE(got[2].outputs.empty());  // case 7 is not one of the three: its output is nobody's
}

}  // namespace
}  // namespace mlonmcu
