// The C runtime validates a blob completely at init: corrupt blobs (truncated, bit flips in the
// header, tensor table and op records) must give an error status, or run without touching
// memory outside the arena and blob (ASan/UBSan builds check that).
#include <cstring>

#include <gtest/gtest.h>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "common/error.h"
#include "modelbuilder/demo_models.h"
#include "mlonmcu/runtime/blob_format.h"
#include "mlonmcu/runtime/interp.h"

namespace mlonmcu::backends::interp {
namespace {

// Runs init (and invoke when init accepts the blob); returns the init status.
int try_blob(const std::vector<uint8_t>& bytes, uint32_t arena_size) {
  std::vector<uint32_t> words((bytes.size() + 3) / 4 + 1, 0);
  if (!bytes.empty()) std::memcpy(words.data(), bytes.data(), bytes.size());
  std::vector<uint64_t> arena(arena_size / 8 + 1);
  std::vector<mlonmcu_tensor_t> tensors(256);
  mlonmcu_interp_t interp;
  const int status = mlonmcu_interp_init(reinterpret_cast<const uint8_t*>(words.data()),
                                         static_cast<uint32_t>(bytes.size()),
                                         reinterpret_cast<uint8_t*>(arena.data()),
                                         static_cast<uint32_t>(arena.size() * 8), tensors.data(), 256, &interp);
  if (status == MLONMCU_OK) (void)mlonmcu_interp_invoke(&interp);
  return status;
}

class BlobRobustness : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override {
    const auto demos = modelbuilder::demo_models();
    ASSERT_LT(GetParam(), demos.size());
    blob_ = lower_and_write_blob(demos[GetParam()].graph);
  }
  Blob blob_;
};

TEST_P(BlobRobustness, IntactBlobRuns) {
  EXPECT_EQ(try_blob(blob_.bytes, static_cast<uint32_t>(blob_.arena_size)), MLONMCU_OK);
}

TEST_P(BlobRobustness, TruncatedBlobsAreRejected) {
  for (size_t len = 0; len < blob_.bytes.size(); len += 1 + len / 16) {
    std::vector<uint8_t> cut(blob_.bytes.begin(), blob_.bytes.begin() + static_cast<std::ptrdiff_t>(len));
    EXPECT_NE(try_blob(cut, static_cast<uint32_t>(blob_.arena_size)), MLONMCU_OK) << "length " << len;
  }
}

TEST_P(BlobRobustness, BitFlipsInTablesNeverCrash) {
  uint32_t const_offset;
  std::memcpy(&const_offset, blob_.bytes.data() + 40, 4);
  // Every bit of the header, tensor table, io list and op records (constant data is weights:
  // any value there is a valid model).
  for (size_t byte = 0; byte < const_offset; ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> flipped = blob_.bytes;
      flipped[byte] ^= static_cast<uint8_t>(1u << bit);
      const int status = try_blob(flipped, static_cast<uint32_t>(blob_.arena_size));
      if (byte < 8) {
        EXPECT_NE(status, MLONMCU_OK) << "magic/version bit " << byte * 8 + bit;
      }
    }
  }
}

TEST_P(BlobRobustness, ArenaSmallerThanThePlanIsRejected) {
  if (blob_.arena_size == 0) GTEST_SKIP();
  EXPECT_EQ(try_blob(blob_.bytes, static_cast<uint32_t>(blob_.arena_size) - 8 - 1),
            MLONMCU_ERR_ARENA_TOO_SMALL);
}

INSTANTIATE_TEST_SUITE_P(DemoModels, BlobRobustness, ::testing::Values(0u, 1u, 2u, 3u));

}  // namespace
}  // namespace mlonmcu::backends::interp
