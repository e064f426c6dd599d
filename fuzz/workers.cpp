#include "fuzz/workers.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "trace/json_value.hpp"

namespace meshcheck::fuzz {

namespace {
using trace::Json;

const char* kind_text(Verdict::Kind k) {
  switch (k) {
    case Verdict::Kind::NotViolated: return "not-violated";
    case Verdict::Kind::Violated: return "violated";
    case Verdict::Kind::NotCheckable: return "not-checkable";
    case Verdict::Kind::Error: return "error";
  }
  return "error";
}

Verdict::Kind kind_from(const std::string& s) {
  for (auto k : {Verdict::Kind::NotViolated, Verdict::Kind::Violated, Verdict::Kind::NotCheckable})
    if (s == kind_text(k)) return k;
  return Verdict::Kind::Error;
}

bool write_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::string buffer;
};
}  // namespace

std::string verdict_to_line(const Verdict& v) {
  Json coverage = Json::array();
  for (auto& [key, bits] : v.coverage.all()) coverage.push_back(Json::array({key.first, key.second, std::to_string(bits)}));
  Json j{{"id", v.id},           {"kind", kind_text(v.kind)},  {"sequences", v.sequences},
         {"calls", v.calls},     {"length", v.length},         {"detail", v.detail},
         {"counterexample", v.counterexample}, {"coverage", std::move(coverage)}};
  return j.dump();
}

Verdict verdict_from_line(const std::string& line) {
  Json j = Json::parse(line);
  Verdict v;
  v.id = j.at("id").get<std::string>();
  v.kind = kind_from(j.at("kind").get<std::string>());
  v.sequences = j.at("sequences").get<int>();
  v.calls = j.at("calls").get<std::uint64_t>();
  v.length = j.at("length").get<std::size_t>();
  v.detail = j.at("detail").get<std::string>();
  v.counterexample = j.at("counterexample").get<std::vector<std::string>>();
  for (auto& c : j.at("coverage")) {
    v.coverage.add_bits(c.at(0).get<std::string>(), c.at(1).get<std::string>(),
                        std::stoull(c.at(2).get<std::string>()));
  }
  return v;
}

std::vector<Verdict> run_in_workers(std::size_t count, int jobs, const std::function<Verdict(std::size_t)>& work,
                                    const std::function<void(const Verdict&)>& done) {
  std::vector<Verdict> out(count);
  std::size_t n_workers = std::min<std::size_t>(std::max(jobs, 1), count);
  auto guarded = [&](std::size_t i) {
    try {
      return work(i);
    } catch (const std::exception& e) {
      Verdict v;
      v.kind = Verdict::Kind::Error;
      v.detail = e.what();
      return v;
    } catch (...) {  // in a worker process, it would end the worker unreported
      Verdict v;
      v.kind = Verdict::Kind::Error;
      v.detail = "an exception of unknown type";
      return v;
    }
  };
  if (n_workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      out[i] = guarded(i);
      if (done) done(out[i]);
    }
    return out;
  }

  std::vector<Worker> workers(n_workers);
  for (std::size_t w = 0; w < n_workers; ++w) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {  // the worker: every n_workers-th search, one line each
      ::close(fds[0]);
      for (auto& other : workers)
        if (other.fd >= 0) ::close(other.fd);
      int status = 0;
      try {
        for (std::size_t i = w; i < count && status == 0; i += n_workers) {
          if (!write_all(fds[1], std::to_string(i) + " " + verdict_to_line(guarded(i)) + "\n")) status = 1;
        }
      } catch (...) {  // no exception may unwind into the parent's code from here: its verdicts go unreported
        status = 1;
      }
      ::close(fds[1]);
      ::_exit(status);  // no atexit handlers, no flushing of the parent's buffers
    }
    ::close(fds[1]);
    workers[w].pid = pid;
    workers[w].fd = fds[0];
  }

  std::vector<bool> have(count, false);
  std::size_t open = n_workers;
  while (open > 0) {
    std::vector<pollfd> polls;
    for (auto& wk : workers)
      if (wk.fd >= 0) polls.push_back({wk.fd, POLLIN, 0});
    if (::poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    for (auto& p : polls) {
      if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Worker& wk = *std::find_if(workers.begin(), workers.end(), [&](const Worker& x) { return x.fd == p.fd; });
      char chunk[65536];
      ssize_t n = ::read(wk.fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(wk.fd);
        wk.fd = -1;
        --open;
        continue;
      }
      wk.buffer.append(chunk, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = wk.buffer.find('\n')) != std::string::npos;) {
        std::string line = wk.buffer.substr(0, nl);
        wk.buffer.erase(0, nl + 1);
        std::size_t space = line.find(' ');
        std::size_t i = std::stoul(line.substr(0, space));
        out[i] = verdict_from_line(line.substr(space + 1));
        have[i] = true;
        if (done) done(out[i]);
      }
    }
  }
  for (auto& wk : workers) {
    int status = 0;
    while (::waitpid(wk.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (have[i]) continue;
    out[i].kind = Verdict::Kind::Error;
    out[i].detail = "its worker process ended before reporting";
  }
  return out;
}

}  // namespace meshcheck::fuzz
