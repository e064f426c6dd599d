// The spec profile's mutation sites, generated: every message of every spec contract is
// explored symbolically once (mutation/spec/explore.hpp) while a recorder listens to the
// hooks (mutation/spec/hooks.hpp), so the list is complete (every operation on every
// path) and stable (it changes only when the text does).
//
// A site is (contract, message, kind, key). The key names it within its message, stable
// while the message's text keeps its order:
//   guard      "<Error>#k"     the k-th require refusing with that error, in source order
//   arithmetic "add#k", "sub#k", "mul#k"
//   write      "write#k"       a map set or remove
//   transfer   "transfer#k"
//   event      "<Event>"       every emission of that event in the message
//   return     "return"        the bool a message returns
//   sort       "sort#k"        mev's sorting network
//   credit     "credit"        the value a payable message receives, credited by the executor
//                              (model/spec/exec.hpp) to its contract, and kept or returned
//                              when the call is refused
// A site inside a helper (payment_escrow's locked_capital) or a callee belongs to the
// message whose frame runs it, so a helper shared by two messages is two sites.
#pragma once

#include <string>
#include <vector>

#include "mutation/site.hpp"
#include "mutation/spec/hooks.hpp"

namespace meshcheck::mutation::spec {

struct SpecSite {
  std::string contract, message;
  SiteKind kind = SiteKind::kCount;
  std::string detail;      // what the hooks match: a guard's error, "add"/"sub"/"mul", an event's name
  std::string file;        // "model/spec/payment_escrow.hpp"
  unsigned line = 0;       // the line the hooks match (0: any, an event or a return)
  unsigned shown_line = 0; // the line the site is reported at
  bool has_fields = true;  // an event with a field to corrupt
  bool increment = false;  // an addition of the literal 1 (a counter's step): drop-increment applies
  std::string key;         // see above
  std::string name;        // "<message>:<key>", in mutant IDs
  std::string branch;      // a guard's error, else "ok"
  std::string what;        // what the unmutated code does there
  std::string location() const {
    return shown_line ? file + ":" + std::to_string(shown_line) : file;
  }
  // The operators that apply, in mutant order.
  std::vector<Op> operators() const;
  ActiveSite active(Op op) const;
};

// Every site, contracts in the profile's order, messages in their table's order, the
// sites of a message in source order. Generated once per process (about a second).
const std::vector<SpecSite>& spec_sites();

// Makes `op` at `site` the active spec mutant for the rest of the process (before any
// model code runs; mutation::activate does it for `meshcheck mutate`), or none.
void activate(const SpecSite& site, Op op);
// The same from the site's ActiveSite (what `meshcheck mutate` hands its workers, so that
// a worker does not generate the catalog: that exploration is most of a trace-killed
// mutant's time).
void activate(const ActiveSite& site);
// Adds `op` at `site` to the active mutant (activate first): a variant with two faults.
void activate_also(const SpecSite& site, Op op);
void deactivate();

}  // namespace meshcheck::mutation::spec
