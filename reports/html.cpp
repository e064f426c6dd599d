// report.html: one self-contained page (no script, no network, inline CSS and SVG) with
// the content of report.md (with several profiles, first the table of invariants ×
// profiles: deployed versus design), the counterexamples drawn as sequence diagrams, each
// contract's lifecycle as a state diagram, and a chart of fuzz coverage per message.
// Times appear only in elements of class "timing".
#include <cstdio>
#include <sstream>

#include "reports/lifecycle.hpp"
#include "reports/svg.hpp"
#include "reports/trace_view.hpp"
#include "reports/writers.hpp"

namespace meshcheck::reports {

namespace {

std::string e(const std::string& s) { return xml_escape(s); }

const char* css_class(Merged m) {
  switch (m) {
    case Merged::Proved: return "proved";
    case Merged::Violated: return "violated";
    case Merged::Holds: return "holds";
    case Merged::Unknown: return "unknown";
    case Merged::Error: return "error";
  }
  return "";
}

std::string secs(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#222;line-height:1.45}
h1{margin-bottom:4px} h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
.summary{font-size:1.1em;font-weight:600;padding:10px 14px;border-radius:6px;background:#f5f7fa;border-left:6px solid #4a69bd}
.summary.bad{border-left-color:#c0392b;background:#fdf2f0} .summary.good{border-left-color:#27ae60;background:#effaf3}
table{border-collapse:collapse;margin:8px 0;font-size:14px} th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f7fa} code{font-family:"DejaVu Sans Mono",monospace;font-size:0.92em}
.verdict{font-weight:700;padding:1px 6px;border-radius:4px;white-space:nowrap}
.verdict.proved{background:#d5f5e3;color:#1e8449} .verdict.violated{background:#fadbd8;color:#a93226}
.verdict.holds{background:#e8f8f5;color:#117a65} .verdict.unknown{background:#fef9e7;color:#9a7d0a} .verdict.error{background:#f5b7b1;color:#641e16}
.violation-card{border:1px solid #e6b0aa;border-radius:8px;padding:8px 16px;margin:16px 0;background:#fffafa}
.diagram{display:block;margin:8px 0;font-size:12px;font-family:system-ui,"DejaVu Sans",sans-serif;background:#fff}
.scroll{overflow-x:auto} .lifecycles{display:flex;flex-wrap:wrap;gap:16px}
.lifecycles figure{margin:0;border:1px solid #eee;border-radius:8px;padding:8px}
figcaption{font-weight:600} .timing{color:#777;font-size:0.9em} .worse{color:#a93226;font-weight:700}
details{margin:4px 0} .assuming{font-size:0.9em;color:#555;white-space:nowrap} dd p{margin:4px 0}
)";

// The HTML id of a result's violation card: its ID, prefixed by its profile when the
// report judges several.
std::string card_id(const Report& report, const InvariantResult& r) {
  return report.side_by_side() ? r.profile + "-" + r.invariant.id : r.invariant.id;
}

std::string verdict_html(const InvariantResult& r) {
  std::string h = std::string("<span class=\"verdict ") + css_class(r.merged) + "\">" + merged_name(r.merged) + "</span>";
  auto assumed = proved_assuming(r);
  if (!assumed.empty()) {
    h += " <span class=\"assuming\">assuming";
    for (auto& a : assumed) h += " <a href=\"#" + e(a) + "\"><code>" + e(a) + "</code></a>";
    h += "</span>";
  }
  return h;
}

}  // namespace

std::string render_html(const Report& report) {
  std::ostringstream h;
  const bool bad = report.exit_code() != 0;
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
    << "<title>meshcheck report: " << e(report.profile) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
  h << "<h1>meshcheck report</h1>\n";
  h << "<p class=\"summary " << (bad ? "bad" : "good") << "\" id=\"summary\">" << e(report.summary_line()) << "</p>\n";
  if (report.side_by_side()) {
    h << "<p>Profiles";
    for (std::size_t k = 0; k < report.profiles.size(); ++k)
      h << (k == 0 ? " " : k + 1 == report.profiles.size() ? " and " : ", ") << "<code>" << e(report.profiles[k]) << "</code>";
    h << " side by side";
  } else {
    h << "<p>Profile <code>" << e(report.profiles.front()) << "</code>";
  }
  h << ", seed " << report.seed << ", budget <code>"
    << e(report.budget.name) << "</code> (prover: bounded model checking to " << report.budget.depth << " calls, "
    << report.budget.rlimit << " rlimit units per query; fuzzer: " << report.budget.runs << " sequences of at most "
    << report.budget.max_calls << " calls per invariant), meshcheck " << e(report.tool_version) << ". "
    << "<span class=\"timing\">Took " << secs(report.timing.total) << " (prover " << secs(report.timing.prove)
    << ", fuzzer " << secs(report.timing.fuzz) << ", traces " << secs(report.timing.replay) << ").</span></p>\n";

  if (report.side_by_side()) {
    // The first table a reader sees: each invariant in every profile, the deployed code's
    // counterexample beside the design's proof.
    h << "<h2 id=\"side-by-side\">Deployed versus design</h2>\n<p>Each invariant judged in every profile; — where a "
         "profile does not have it. The evidence is the counterexample of a violation, else what the prover did: a "
         "proof's obligations and lemmas, or why there is no proof.</p>\n";
    h << "<table class=\"side-by-side\"><tr><th>invariant</th><th>kind</th>";
    for (auto& p : report.profiles) h << "<th>" << e(profile_label(p)) << "</th>";
    for (auto& p : report.profiles) h << "<th>" << e(p) << " evidence</th>";
    h << "</tr>\n";
    for (auto& row : report.rows()) {
      h << "<tr><td><code>" << e(row.invariant->id) << "</code></td><td>" << invariants::kind_name(row.invariant->kind)
        << "</td>";
      for (auto* r : row.results) h << "<td>" << (r ? verdict_html(*r) : "—") << "</td>";
      for (auto* r : row.results) {
        h << "<td>";
        if (!r) {
          h << "—";
        } else if (r->merged == Merged::Violated) {
          const Counterexample& c = r->counterexamples.front();
          h << "<a href=\"#" << e(card_id(report, *r)) << "\">" << c.length << " call" << (c.length == 1 ? "" : "s")
            << "</a> <code>" << e(c.path) << "</code>";
        } else {
          h << e(proof_cell(*r));
        }
        h << "</td>";
      }
      h << "</tr>\n";
    }
    h << "</table>\n<ul>\n";
    for (auto& p : report.profiles) h << "<li><b>" << e(p) << "</b>: " << e(report.counts_line(p)) << "</li>\n";
    h << "</ul>\n";
  }

  if (report.mutation) {
    const auto& m = *report.mutation;
    h << "<h2 id=\"mutation\">Mutation score</h2>\n<p>The suite killed " << m.killed << " of " << m.total
      << " mutants of the model (" << m.equivalent << " accepted as equivalent): score <strong>" << e(m.score)
      << "</strong>";
    for (std::size_t i = 0; i < m.contracts.size(); ++i)
      h << (i ? ", " : " (") << e(m.contracts[i].first) << " " << e(m.contracts[i].second)
        << (i + 1 == m.contracts.size() ? ")" : "");
    h << ". Every survivor, the mutant × invariant matrix: <a href=\"" << e(m.href) << "\">" << e(m.href)
      << "</a>.</p>\n";
  }

  if (report.baseline) {
    h << "<h2 id=\"baseline\">Against the baseline</h2>\n<p>Baseline <code>" << e(report.baseline->path) << "</code> ("
      << e(report.baseline->format) << "): "
      << (report.baseline->worse() ? "<span class=\"worse\">something got worse.</span>" : "nothing got worse.")
      << "</p>\n";
    if (!report.baseline->changes.empty()) {
      h << "<table><tr><th>profile</th><th>invariant</th><th>change</th><th>before</th><th>now</th><th>worse</th></tr>\n";
      for (auto& c : report.baseline->changes)
        h << "<tr><td>" << e(c.profile.empty() ? "–" : c.profile) << "</td><td><code>" << e(c.id) << "</code></td><td>" << e(c.what) << "</td><td>" << e(c.before) << "</td><td>"
          << e(c.after) << "</td><td" << (c.worse ? " class=\"worse\">yes" : ">no") << "</td></tr>\n";
      h << "</table>\n";
    }
  }

  for (auto& p : report.profiles) {
    if (report.side_by_side())
      h << "<h2 id=\"invariants-" << e(p) << "\">Invariants: " << e(profile_label(p)) << "</h2>\n";
    else
      h << "<h2 id=\"invariants\">Invariants</h2>\n";
    h << "<table class=\"invariants\"><tr><th>invariant</th><th>kind</th>"
         "<th>verdict</th><th>prover</th><th>fuzzer</th><th>traces</th><th>why</th></tr>\n";
    bool replayed = false;
    for (auto& t : report.traces) replayed |= t.profile == p;
    for (auto& r : report.invariants) {
      if (r.profile != p) continue;
      std::string prover = r.prove ? smt::verdict_name(r.prove->kind) : "–";
      if (r.prove && (r.prove->kind == smt::ProofVerdict::Kind::HoldsToDepth || r.prove->kind == smt::ProofVerdict::Kind::Violated))
        prover += " (depth " + std::to_string(r.prove->depth) + ")";
      if (!r.prove && !r.prover_missing.empty()) prover = "not proved: " + r.prover_missing;
      std::string fuzzer = "–";
      if (r.fuzz) {
        switch (r.fuzz->kind) {
          case fuzz::Verdict::Kind::NotViolated:
            fuzzer = "not violated in " + std::to_string(r.fuzz->sequences) + " sequences, " + std::to_string(r.fuzz->calls) + " calls";
            break;
          case fuzz::Verdict::Kind::Violated: fuzzer = "VIOLATED (" + std::to_string(r.fuzz->length) + " calls)"; break;
          case fuzz::Verdict::Kind::NotCheckable: fuzzer = "not checkable by fuzzing"; break;
          case fuzz::Verdict::Kind::Error: fuzzer = "ERROR: " + r.fuzz->detail; break;
        }
      }
      std::string traces = r.traces.empty() ? (replayed ? "not violated" : "–")
                                            : "VIOLATED in " + std::to_string(r.traces.size());
      const std::string id = card_id(report, r);
      h << "<tr id=\"row-" << e(id) << "\"><td><code>";
      if (r.merged == Merged::Violated) h << "<a href=\"#" << e(id) << "\">" << e(r.invariant.id) << "</a>";
      else h << e(r.invariant.id);
      h << "</code></td><td>" << invariants::kind_name(r.invariant.kind) << "</td><td>" << verdict_html(r) << "</td><td>"
        << e(prover) << "</td><td>" << e(fuzzer) << "</td><td>" << e(traces) << "</td><td>" << e(r.summary)
        << "</td></tr>\n";
    }
    h << "</table>\n";
  }

  if (auto used = report.used_assumptions(); !used.empty()) {
    h << "<h2 id=\"assumptions\">Assumptions</h2>\n<p>Proofs marked <i>assuming</i> hold for every run in which "
         "these hold: the prover states them instead of proving them (<code>--no-assume ID</code> proves without "
         "one).</p>\n<dl class=\"assumptions\">\n";
    for (auto* a : used) {
      h << "<dt id=\"" << e(a->id) << "\"><code>" << e(a->id) << "</code></dt>\n<dd><p>" << e(a->statement)
        << "</p><p>" << e(a->why) << "</p><p>Proved under it:";
      for (auto& id : report.proved_under(a->id)) h << " <code>" << e(id) << "</code>";
      h << "</p></dd>\n";
    }
    h << "</dl>\n";
  }

  bool any = false;
  for (auto& r : report.invariants) {
    if (r.merged != Merged::Violated) continue;
    if (!any) h << "<h2 id=\"violations\">Violations</h2>\n";
    any = true;
    const Counterexample& c = r.counterexamples.front();
    h << "<section class=\"violation-card\" id=\"" << e(card_id(report, r)) << "\">\n<h3>"
      << e(report.side_by_side() ? r.profile + ": " + r.invariant.id : r.invariant.id)
      << " <span class=\"verdict violated\">VIOLATED</span></h3>\n";
    h << "<p><b>Statement.</b> " << e(r.invariant.statement) << "</p>\n";
    h << "<p><b>Why it matters.</b> " << e(r.invariant.why_it_matters) << "</p>\n";
    h << "<p><b>What broke.</b> " << e(c.detail) << "</p>\n";
    h << "<p><b>Counterexample.</b> <code>" << e(c.path) << (c.engine == "trace" ? ":" + std::to_string(c.line) : "")
      << "</code>: " << c.length << " call" << (c.length == 1 ? "" : "s") << ", found by " << e(c.engine);
    for (std::size_t k = 1; k < r.counterexamples.size(); ++k)
      h << (k == 1 ? " (also " : ", ") << e(r.counterexamples[k].engine) << ": " << r.counterexamples[k].length
        << " calls" << (k + 1 == r.counterexamples.size() ? ")" : "");
    h << ". The last call ran <code>" << e(c.contract + "." + c.message) << "</code> (<code>" << e(c.source_file) << ":"
      << c.source_line << "</code>).</p>\n";
    h << "<div class=\"scroll\">" << sequence_svg(view_trace(c.lines), r.invariant.id) << "</div>\n</section>\n";
  }

  h << "<h2 id=\"lifecycles\">Lifecycles</h2>\n<p>Each contract's main entity, as the deployed code moves it "
       "(model/&lt;contract&gt;.cpp).</p>\n<div class=\"lifecycles\">\n";
  for (auto& lc : lifecycles()) {
    h << "<figure><figcaption>" << e(lc.contract) << ": " << e(lc.entity) << "</figcaption>" << lifecycle_svg(lc)
      << "</figure>\n";
  }
  h << "</div>\n";

  for (auto& p : report.profiles) {
    auto found = report.coverage.find(p);
    if (found == report.coverage.end()) continue;
    std::vector<CoverageRow> rows;
    std::size_t reached = 0, total = 0;
    const model::Profile* profile = model::find_profile(p);
    for (auto* c : profile->contracts)
      for (auto& m : c->messages) {
        if (!m.mutates || m.branches.empty()) continue;
        CoverageRow row{c->name + "." + m.label, 0, m.branches.size(), ""};
        std::uint64_t bits = found->second.bits(c->name, m.label);
        for (std::size_t b = 0; b < m.branches.size(); ++b) {
          if (bits >> b & 1) ++row.reached;
          else row.missed += (row.missed.empty() ? "" : ", ") + m.branches[b];
        }
        reached += row.reached;
        total += row.total;
        rows.push_back(row);
      }
    if (report.side_by_side())
      h << "<h2 id=\"coverage-" << e(p) << "\">Fuzz coverage: " << e(profile_label(p)) << "</h2>\n";
    else
      h << "<h2 id=\"coverage\">Fuzz coverage</h2>\n";
    h << "<p>" << reached << " of " << total
      << " guard outcomes of the model reached by the campaign (hover a bar for the missed ones).</p>\n"
      << "<div class=\"scroll\">" << coverage_svg(rows) << "</div>\n";
  }

  if (!report.traces.empty()) {
    h << "<h2 id=\"traces\">Replayed traces</h2>\n<table><tr><th>trace</th><th>profile</th><th>calls</th><th>divergences</th>"
         "<th>invariant violations</th><th>error</th></tr>\n";
    for (auto& t : report.traces)
      h << "<tr><td><code>" << e(t.path) << "</code></td><td>" << e(t.profile) << "</td><td>" << t.calls << "</td><td>" << t.divergences.size()
        << "</td><td>" << t.violations << "</td><td>" << e(t.error.empty() ? "–" : t.error) << "</td></tr>\n";
    h << "</table>\n<ul>\n";
    for (auto& t : report.traces)
      for (auto& d : t.divergences) h << "<li><code>" << e(t.path + ":" + d) << "</code></li>\n";
    h << "</ul>\n";
  }

  if (report.ran_prover) {
    h << "<h2 id=\"obligations\">Proof obligations</h2>\n";
    for (auto& p : report.profiles)
      for (auto& r : report.invariants)
        if (r.profile == p && !r.prover_missing.empty()) {
          h << "<p><b>" << e(profile_label(p)) << "</b>: not proved: " << e(r.prover_missing) << "</p>\n";
          break;
        }
    for (auto& r : report.invariants) {
      if (!r.prove) continue;
      h << "<details><summary>" << (report.side_by_side() ? e(r.profile) + " " : "") << "<code>" << e(r.invariant.id)
        << "</code>: " << smt::verdict_name(r.prove->kind) << ", "
        << r.prove->obligations.size() << " obligations <span class=\"timing\">" << secs(r.prove->seconds)
        << "</span></summary>\n";
      if (!r.prove->assumptions.empty()) {
        h << "<p>Assuming:";
        for (auto& a : r.prove->assumptions) h << " <a href=\"#" << e(a) << "\"><code>" << e(a) << "</code></a>";
        h << "</p>\n";
      }
      if (!r.prove->lemmas.empty()) {
        h << "<p>With the proved lemmas:";
        for (auto& l : r.prove->lemmas) h << " <code>" << e(l) << "</code>";
        h << "</p>\n";
      }
      if (!r.prove->detail.empty()) h << "<p>" << e(r.prove->detail) << "</p>\n";
      h << "<table><tr><th>contract</th><th>obligation</th><th>Z3</th><th>time</th></tr>\n";
      for (auto& o : r.prove->obligations)
        h << "<tr><td>" << e(o.contract) << "</td><td>" << e(o.what) << "</td><td>" << e(o.result)
          << "</td><td class=\"timing\">" << secs(o.seconds) << "</td></tr>\n";
      h << "</table></details>\n";
    }
  }
  h << "<p class=\"timing\">Generated by <code>meshcheck report</code>.</p>\n</body>\n</html>\n";
  return h.str();
}

}  // namespace meshcheck::reports
