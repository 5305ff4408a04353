// Runs part of a test in a child process: for limits that must not touch the test runner itself
// (file-size limits, dropped privileges) and for processes a test kills.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <functional>

namespace fengqiao::fixtures {

/// Forks, runs @p body in the child and returns its exit code (or 128 + signal if it was killed).
/// An exception escaping @p body is printed and exits with 99.
inline int run_in_child(const std::function<int()>& body) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int code = 99;
        try {
            code = body();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child process: %s\n", e.what());
        } catch (...) {
            std::fprintf(stderr, "child process: unknown exception\n");
        }
        std::fflush(nullptr);
        ::_exit(code);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace fengqiao::fixtures
