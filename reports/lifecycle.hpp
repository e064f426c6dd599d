// Each contract's lifecycle as the deployed code implements it: the states of its main
// entity and the messages that move it between them (self-loops included, e.g. a
// Cancelled job cancelled again). Drawn as state diagrams in report.html.
#pragma once

#include <string>
#include <vector>

namespace meshcheck::reports {

struct LifecycleState {
  std::string name;
  int col = 0, row = 0;      // layout grid
  bool unreachable = false;  // named by the contract but reached by no deployed message
};

struct LifecycleEdge {
  std::string from, to;  // "" for the initial pseudo-state
  std::string label;     // the message(s)
};

struct Lifecycle {
  std::string contract;
  std::string entity;  // "job", "escrow", ...
  std::vector<LifecycleState> states;
  std::vector<LifecycleEdge> edges;
};

const std::vector<Lifecycle>& lifecycles();

}  // namespace meshcheck::reports
