#include "run_child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace mmcosim_test {

namespace {
std::string slurp_fd(int fd) {
  std::string s;
  char buf[4096];
  ssize_t n;
  lseek(fd, 0, SEEK_SET);
  while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, size_t(n));
  close(fd);
  return s;
}

int temp_fd() {
  char name[] = "/tmp/mmcosim-test-XXXXXX";
  int fd = mkstemp(name);
  unlink(name);
  return fd;
}
}  // namespace

ChildResult run_child(const std::vector<std::string>& argv, int timeout_s) {
  ChildResult r;
  int out = temp_fd(), err = temp_fd();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    alarm(unsigned(timeout_s));
    execv(args[0], args.data());
    perror("execv");
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  r.out = slurp_fd(out);
  r.err = slurp_fd(err);
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary);
  f << data;
}

}  // namespace mmcosim_test
