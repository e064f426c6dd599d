// Inline SVG drawings for report.html, drawn here so the page needs no script and no
// network: sequence diagrams of counterexamples, lifecycle state diagrams, and the
// fuzz coverage chart.
#pragma once

#include <string>
#include <vector>

#include "reports/lifecycle.hpp"
#include "reports/trace_view.hpp"

namespace meshcheck::reports {

// Lifelines for the participants, one arrow per call (and its return), the last step
// (the one that broke `violated_id`) highlighted.
std::string sequence_svg(const TraceView& view, const std::string& violated_id);

std::string lifecycle_svg(const Lifecycle& lifecycle);

struct CoverageRow {
  std::string label;  // "payment_escrow.deposit_for_job"
  std::size_t reached = 0, total = 0;
  std::string missed;  // names of the missed branches
};
std::string coverage_svg(const std::vector<CoverageRow>& rows);

}  // namespace meshcheck::reports
