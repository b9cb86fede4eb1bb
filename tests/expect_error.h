// Shared test helper: run code that must throw mlonmcu::Error of a given kind.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "common/error.h"

namespace mlonmcu::test_support {

// Runs `body`, expects an Error of `kind`, returns its message ("" and a failure otherwise).
template <typename F>
std::string error_of(ErrorKind kind, F body) {
  try {
    body();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

}  // namespace mlonmcu::test_support
