#include "common/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace mlonmcu {

namespace {

thread_local ProcessRunner* t_current_runner = nullptr;

// How often a running child's cancellation flag is looked at.
constexpr int kCancelPollMs = 20;

// Reads what is available from fd into out (up to limit); returns false at EOF.
bool drain(int fd, std::string& out, size_t limit) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof(buf));
  if (n > 0) {
    size_t room = out.size() < limit ? limit - out.size() : 0;
    out.append(buf, std::min(room, static_cast<size_t>(n)));
    return true;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  return false;
}

}  // namespace

std::string ProcessResult::describe() const {
  if (not_found) return "could not be started";
  if (timed_out) return fmt::format("timed out after {:.0f} s", seconds);
  if (cancelled) return "cancelled";
  if (signal != 0) return fmt::format("killed by signal {} ({})", signal, strsignal(signal));
  return fmt::format("exit code {}", exit_code);
}

namespace {

class SystemProcessRunner : public ProcessRunner {
 public:
  ProcessResult run(const std::vector<std::string>& argv, const ProcessOptions& options) override;
};

ProcessResult SystemProcessRunner::run(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult result;
  if (argv.empty()) {
    result.not_found = true;
    return result;
  }
  int out_pipe[2], err_pipe[2], exec_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0 || pipe(exec_pipe) != 0) {
    result.not_found = true;
    result.err = std::strerror(errno);
    return result;
  }
  fcntl(exec_pipe[1], F_SETFD, FD_CLOEXEC);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Built before fork: after fork in a threaded program only async-signal-safe calls are allowed.
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  for (const auto& kv : options.extra_env) envp.push_back(const_cast<char*>(kv.c_str()));
  envp.push_back(nullptr);

  const long max_fd = sysconf(_SC_OPEN_MAX);

  const auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // own group: a timeout kills the child and everything it started
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    close(out_pipe[0]);
    close(err_pipe[0]);
    close(exec_pipe[0]);
    // Only stdin/stdout/stderr reach the program. Another thread's open descriptors would live
    // as long as it does: a program file being written (exec of it fails with ETXTBSY while a
    // 20 s tvmc holds it) or another child's pipe (whose end of output would wait for this one).
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
      for (long fd = 3; fd < max_fd; ++fd) fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) {
      int e = errno;
      (void)!write(exec_pipe[1], &e, sizeof(e));
      _exit(127);
    }
    execvpe(args[0], args.data(), envp.data());
    int e = errno;
    (void)!write(exec_pipe[1], &e, sizeof(e));
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(exec_pipe[1]);
  if (pid < 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    close(exec_pipe[0]);
    result.not_found = true;
    result.err = std::strerror(errno);
    return result;
  }
  setpgid(pid, pid);  // also from the parent, so the group exists before we might kill it

  int exec_errno = 0;
  if (::read(exec_pipe[0], &exec_errno, sizeof(exec_errno)) == sizeof(exec_errno)) {
    result.not_found = true;
    result.err = fmt::format("{}: {}", argv[0], std::strerror(exec_errno));
  }
  close(exec_pipe[0]);

  bool out_open = true, err_open = true;
  const auto deadline = start + options.timeout;
  while (out_open || err_open) {
    int wait_ms = options.cancel ? kCancelPollMs : -1;
    if (options.cancel && options.cancel->load()) {
      result.cancelled = true;
      kill(-pid, SIGKILL);
      break;
    }
    if (options.timeout.count() > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        result.timed_out = true;
        kill(-pid, SIGKILL);
        break;
      }
      wait_ms = static_cast<int>(std::min<int64_t>(left.count(), options.cancel ? kCancelPollMs : 1000));
    }
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int n = poll(fds, 2, wait_ms);
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
      out_open = drain(out_pipe[0], result.out, options.max_output);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
      err_open = drain(err_pipe[0], result.err, options.max_output);
    if (!out_open) fds[0].fd = -1;
    if (!err_open) fds[1].fd = -1;
  }
  close(out_pipe[0]);
  close(err_pipe[0]);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  kill(-pid, SIGKILL);  // anything the child left behind in its group
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) {
    result.exited = !result.timed_out && !result.cancelled;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status) && !result.timed_out && !result.cancelled) {
    result.signal = WTERMSIG(status);
  }
  if (result.not_found) result.exited = false;
  return result;
}

}  // namespace

ProcessRunner& system_process_runner() {
  static SystemProcessRunner runner;
  return runner;
}

ProcessRunner& current_process_runner() { return t_current_runner ? *t_current_runner : system_process_runner(); }

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  return current_process_runner().run(argv, options);
}

ScopedProcessRunner::ScopedProcessRunner(ProcessRunner& runner) : previous_(t_current_runner) {
  t_current_runner = &runner;
}

ScopedProcessRunner::~ScopedProcessRunner() { t_current_runner = previous_; }

std::filesystem::path find_program(const std::string& name) {
  if (name.find('/') != std::string::npos)
    return access(name.c_str(), X_OK) == 0 ? std::filesystem::path(name) : std::filesystem::path();
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::string p(path);
  size_t pos = 0;
  while (pos <= p.size()) {
    size_t end = p.find(':', pos);
    if (end == std::string::npos) end = p.size();
    std::filesystem::path candidate = std::filesystem::path(p.substr(pos, end - pos)) / name;
    if (!candidate.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
    pos = end + 1;
  }
  return {};
}

}  // namespace mlonmcu
