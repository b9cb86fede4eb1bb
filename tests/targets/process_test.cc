// The system process runner: what a child gets of the parent.
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "common/process.h"

namespace mlonmcu {
namespace {

// A descriptor the parent holds open without O_CLOEXEC (as std::ofstream opens files) must not
// reach the child: a long-lived child would keep a program file open for writing (exec fails
// with ETXTBSY) or another child's pipe open.
TEST(SystemProcessRunner, ChildGetsNoInheritableDescriptorOfTheParent) {
  const int fd = ::open("/dev/null", O_WRONLY);  // no O_CLOEXEC
  ASSERT_GE(fd, 3);
  const std::string probe = "/proc/self/fd/" + std::to_string(fd);
  const ProcessResult r = system_process_runner().run({"test", "-e", probe}, {});
  ::close(fd);
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 1) << probe << " is open in the child";
  // The descriptors it is given are there.
  EXPECT_TRUE(system_process_runner().run({"test", "-e", "/proc/self/fd/2"}, {}).ok());
}

}  // namespace
}  // namespace mlonmcu
