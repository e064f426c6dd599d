// A counterexample trace read back for people: who called which contract with what,
// and what came of it. The sequence diagrams of report.md (Mermaid) and report.html
// (SVG) are drawn from this.
#pragma once

#include <string>
#include <vector>

namespace meshcheck::reports {

struct TraceStep {
  enum class Kind { Call, Transfer };
  Kind kind = Kind::Call;
  std::string from;      // participant name of the caller / sender ("alice", "0x1234…cdef")
  std::string to;        // participant name of the contract / receiver ("payment_escrow")
  std::string contract;  // the contract kind of a call ("payment_escrow"), "" for a transfer
  std::string message;   // a call's message label
  std::string args;      // "job_id=1, provider=dave"
  std::string value;     // decimal, "0" when none
  std::string outcome;   // "ok → true", "reverted", "ok"
  std::vector<std::string> events;  // event names
};

struct TraceView {
  std::vector<std::string> participants;  // actors first, then contracts, in order of appearance
  std::vector<bool> is_contract;          // parallel to participants
  std::vector<TraceStep> steps;           // calls and transfers, in order
  std::size_t length() const { return steps.size(); }
};

// Reads trace lines (JSON Lines, ../shared/trace-format.md, decoded form). Lines it
// cannot read are skipped: the view is for display only.
TraceView view_trace(const std::vector<std::string>& lines);

// "alice" for the ink! test accounts (0x0101…01 as AccountId; "alice.h160" as H160),
// "0x1234…cdef" for any other address.
std::string actor_name(const std::string& hex_address);

// Shortens a long value for a diagram: more than `max` characters keep the start and end.
std::string shorten(const std::string& text, std::size_t max = 28);

}  // namespace meshcheck::reports
