#include "fuzz/coverage.hpp"

#include <algorithm>
#include <ostream>

namespace meshcheck::fuzz {

void Coverage::report(const model::Profile& profile, std::ostream& out) const {
  std::size_t width = 0;
  for (auto* c : profile.contracts)
    for (auto& m : c->messages)
      if (m.mutates) width = std::max(width, c->name.size() + 1 + m.label.size());
  std::size_t reached_total = 0, branches_total = 0, unmarked = 0;
  for (auto* c : profile.contracts) {
    for (auto& m : c->messages) {
      if (!m.mutates) continue;  // the fuzzer calls the mutating messages only
      std::string name = c->name + "." + m.label;
      out << "  " << name << std::string(width - name.size() + 2, ' ');
      if (m.branches.empty()) {
        out << "no branch markers\n";
        ++unmarked;
        continue;
      }
      std::uint64_t hit = bits(c->name, m.label);
      std::size_t total = m.branches.size();
      std::size_t reached = 0;
      std::string missed;
      for (std::size_t i = 0; i < total; ++i) {
        if (hit >> i & 1) ++reached;
        else missed += (missed.empty() ? "" : ", ") + m.branches[i];
      }
      reached_total += reached;
      branches_total += total;
      out << reached << "/" << total;
      if (!missed.empty()) out << "  missed: " << missed;
      out << "\n";
    }
  }
  out << "  total: " << reached_total << "/" << branches_total << " branches reached";
  if (unmarked) out << "; " << unmarked << " message" << (unmarked == 1 ? "" : "s") << " without branch markers";
  out << "\n";
}

}  // namespace meshcheck::fuzz
