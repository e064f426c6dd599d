// The spec profile's mutation hooks (issue 15, docs/mutation-design.md §3). A spec message
// is one text over a domain, run by two interpreters (model/spec/exec.hpp); so the hooks
// live in the executor and the domain operations every message goes through (require,
// checked arithmetic, emit, transfer, map writes, mev's sort, a returned bool), and one
// mutant changes both interpreters by construction. No site is annotated by hand: each
// operation is told where it is called from (a defaulted `Where` argument, the call site's
// file and line), and a site is (contract, message of the running frame, kind, detail,
// where). The catalog (mutation/spec/catalog.hpp) finds every site by exploring every
// message symbolically once with a recorder listening.
//
// With no spec mutant active and no recorder listening, `g_hooks.on` is false and every
// hook is skipped after that one comparison.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mutation/site.hpp"

namespace meshcheck::mutation::spec {

// Where an operation is called from: a defaulted argument, so the message's own line.
// (The line only: GCC 12 has no __builtin_COLUMN, and one binary must name sites alike
// whichever compiler built it. Two operations of one kind on one line are one site.)
struct Where {
  const char* file = "";
  unsigned line = 0;
  static constexpr Where here(const char* f = __builtin_FILE(), unsigned l = __builtin_LINE()) { return {f, l}; }
  // The path from "model/spec/" on (the same in every translation unit, whatever the
  // include path spelled), or the whole path when it is not under model/spec/.
  std::string_view short_file() const {
    std::string_view f(file);
    auto at = f.rfind("model/spec/");
    return at == std::string_view::npos ? f : f.substr(at);
  }
};

// One site as an operation meets it: what the recorder is told.
struct Met {
  std::string_view contract, message;  // the running frame
  SiteKind kind;
  std::string_view detail;  // a guard's error, an arithmetic's "add"/"sub"/"mul", an event's name
  Where where;              // line 0 for a returned bool (the message itself)
  bool has_fields = true;   // an event: whether it has a field to corrupt
  bool increment = false;   // an addition `a + 1` (its second operand the literal 1): drop-increment applies
};

// The active spec mutant, as the hooks match it.
struct ActiveSite {
  std::string contract, message;
  SiteKind kind = SiteKind::kCount;
  std::string detail;
  std::string file;    // short_file()
  unsigned line = 0;   // 0: any line (an event: every emission of it in the message)
  Op op = Op::kCount;
};

struct Hooks {
  bool on = false;  // a spec mutant is active or a recorder listens
  bool active = false;
  ActiveSite site;
  // More mutants active at once, beside `site` (empty for `meshcheck mutate`, which runs
  // one at a time): a variant with two faults, where the design defends an invariant
  // twice over (tests/nonvacuity/spec_variants.txt, "A + B").
  std::vector<ActiveSite> also;
  std::function<void(const Met&)> record;  // the catalog's recorder, or empty
};
// Set before any model code runs (mutation::activate, the catalog's exploration), read
// afterwards.
inline Hooks g_hooks;

// The running frames (contract, message), innermost last, kept by the executor while the
// hooks are on: what the domain's map writes and mev's sort are inside.
struct FrameName {
  std::string_view contract, message;
};
inline thread_local std::vector<FrameName> t_frames;

// Whether operation `op` of the active mutant applies at this site; tells the recorder.
// Called only when g_hooks.on.
inline bool at_site(const ActiveSite& a, const Met& m) {
  return a.kind == m.kind && a.message == m.message && a.contract == m.contract && a.detail == m.detail &&
         (a.line == 0 || (a.line == m.where.line && a.file == m.where.short_file()));
}
// The operator of the active mutant at this site (Op::kCount: none); tells the recorder.
inline Op hit_any(const Met& m) {
  if (g_hooks.record) g_hooks.record(m);
  if (!g_hooks.active) return Op::kCount;
  if (at_site(g_hooks.site, m)) return g_hooks.site.op;
  for (const ActiveSite& a : g_hooks.also)
    if (at_site(a, m)) return a.op;
  return Op::kCount;
}
inline bool hit(const Met& m, Op op) { return hit_any(m) == op; }

// A domain operation outside the executor (a map write, the sort): the innermost frame's
// site of `kind` at `where`, when the operation runs inside a message at all (a state
// built by a test, a lifted system or a committed result are not).
inline Op domain_hit(SiteKind kind, const Where& where) {
  if (t_frames.empty()) return Op::kCount;
  return hit_any(Met{t_frames.back().contract, t_frames.back().message, kind, "", where, true});
}

}  // namespace meshcheck::mutation::spec
