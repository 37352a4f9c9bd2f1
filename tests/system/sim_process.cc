// Child process runner for the system tests (see sim_process.h).
#include "sim_process.h"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace mmcosim_test {
namespace {

// Milliseconds on the monotonic clock.
long long NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

// Waits for `pid` and fills the exit fields of `r`.
void Reap(pid_t pid, SimResult& r) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.term_signal = WTERMSIG(status);
}

}  // namespace

SimResult RunProcess(const std::string& program,
                     const std::vector<std::string>& args, int timeout_s) {
  SimResult r;
  int fds[2];
  if (pipe(fds) != 0) {
    r.exit_status = 127;
    r.output = std::string("pipe: ") + strerror(errno);
    return r;
  }

  // stdout and stderr both go to the pipe, in the order written.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[1]);

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  pid_t pid = 0;
  int err = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(),
                        environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (err != 0) {
    close(fds[0]);
    r.exit_status = 127;
    r.output = "posix_spawn " + program + ": " + strerror(err);
    return r;
  }

  const long long deadline = NowMs() + timeout_s * 1000LL;
  char buf[4096];
  for (;;) {
    long long left = deadline - NowMs();
    if (left <= 0) {
      kill(pid, SIGKILL);
      r.timed_out = true;
      break;
    }
    pollfd p = {fds[0], POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;  // timeout: handled at the top of the loop
    ssize_t got = read(fds[0], buf, sizeof(buf));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // EOF: the child closed its output
    r.output.append(buf, static_cast<size_t>(got));
  }
  close(fds[0]);
  Reap(pid, r);
  return r;
}

}  // namespace mmcosim_test
