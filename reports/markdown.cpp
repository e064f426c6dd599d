// report.md: GitHub-flavoured Markdown for a pull request, a job summary
// ($GITHUB_STEP_SUMMARY) or an issue: the summary line; with several profiles, first
// the table of invariants × profiles (deployed versus design: each verdict, the
// deployed counterexample, the design's proof); per profile a table of invariants ×
// engines; and for each violation its statement, why it matters and the
// counterexample as a Mermaid sequenceDiagram, which GitHub renders.
#include <cctype>
#include <sstream>

#include "reports/trace_view.hpp"
#include "reports/writers.hpp"

namespace meshcheck::reports {

namespace {

const char* badge(Merged m) {
  switch (m) {
    case Merged::Proved: return "✅ PROVED";
    case Merged::Violated: return "❌ VIOLATED";
    case Merged::Holds: return "🟢 HOLDS";
    case Merged::Unknown: return "❔ UNKNOWN";
    case Merged::Error: return "💥 ERROR";
  }
  return "?";
}

// Text in a table cell: no pipes, no newlines.
std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

// Text inside a Mermaid message or note: ';' and '#' would be read as syntax.
std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ';') out += "#59;";
    else if (c == '#') out += "#35;";
    else if (c == '\n') out += ' ';
    else if (c == '<') out += "#lt;";
    else if (c == '>') out += "#gt;";
    else out += c;
  }
  return out;
}

// GitHub's anchor of a violation's heading: "### E-CONSERVE" (one profile) or
// "### deployed: E-CONSERVE" (several).
std::string anchor_of(const Report& report, const InvariantResult& r) {
  std::string a = report.side_by_side() ? r.profile + "-" + r.invariant.id : r.invariant.id;
  for (auto& ch : a) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return a;
}

std::string verdict_cell(const InvariantResult& r) {
  std::string verdict = badge(r.merged);
  bool first = true;
  for (auto& a : proved_assuming(r)) {
    verdict += (first ? " assuming [`" : ", [`") + a + "`](#assumptions)";
    first = false;
  }
  return verdict;
}

// A profile's evidence in the side-by-side table: the counterexample of a violation, else
// what the prover did (the proof's obligations and lemmas, or why there is no proof).
std::string evidence_cell(const Report& report, const InvariantResult& r) {
  if (r.merged == Merged::Violated) {
    const Counterexample& c = r.counterexamples.front();
    return "[" + std::to_string(c.length) + " call" + (c.length == 1 ? "" : "s") + "](#" + anchor_of(report, r) +
           ") `" + cell(c.path) + "`";
  }
  return cell(proof_cell(r));
}

}  // namespace

// The counterexample as a Mermaid sequenceDiagram (also used by the tests).
std::string mermaid_sequence(const std::vector<std::string>& lines, const std::string& violated_id) {
  TraceView view = view_trace(lines);
  std::ostringstream m;
  m << "sequenceDiagram\n";
  auto id_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < view.participants.size(); ++i)
      if (view.participants[i] == name) return std::string(view.is_contract[i] ? "c" : "a") + std::to_string(i);
    return std::string("x");
  };
  for (std::size_t i = 0; i < view.participants.size(); ++i)
    m << "  " << (view.is_contract[i] ? "participant " : "actor ") << id_of(view.participants[i]) << " as "
      << mermaid_text(view.participants[i]) << "\n";
  const std::size_t shown = 40;
  std::size_t first = view.steps.size() > shown ? view.steps.size() - shown : 0;
  if (first)
    m << "  Note over " << id_of(view.participants.front()) << ": " << first << " earlier steps not shown\n";
  for (std::size_t k = first; k < view.steps.size(); ++k) {
    const TraceStep& s = view.steps[k];
    const bool last = k + 1 == view.steps.size();
    if (last) m << "  rect rgb(255, 228, 228)\n";
    std::string from = id_of(s.from), to = id_of(s.to);
    if (s.kind == TraceStep::Kind::Transfer) {
      m << "  " << from << "->>" << to << ": transfer " << mermaid_text(shorten(s.value)) << "\n";
    } else {
      std::string text = s.message + "(" + s.args + ")";
      if (s.value != "0") text += " value " + shorten(s.value);
      m << "  " << from << "->>" << to << ": " << mermaid_text(text) << "\n";
      std::string result = s.outcome;
      for (auto& e : s.events) result += " · " + e;
      m << "  " << to << (s.outcome.rfind("reverted", 0) == 0 ? "--x" : "-->>") << from << ": " << mermaid_text(result)
        << "\n";
    }
    if (last) {
      m << "  Note over " << to << ": " << mermaid_text(violated_id) << " violated here\n";
      m << "  end\n";
    }
  }
  return m.str();
}

std::string render_markdown(const Report& report) {
  std::ostringstream md;
  md << "# meshcheck report\n\n";
  md << "**" << report.summary_line() << "**\n\n";
  if (report.side_by_side()) {
    md << "Profiles";
    for (std::size_t k = 0; k < report.profiles.size(); ++k)
      md << (k == 0 ? " `" : k + 1 == report.profiles.size() ? "` and `" : "`, `") << report.profiles[k];
    md << "` side by side";
  } else {
    md << "Profile `" << report.profiles.front() << "`";
  }
  md << ", seed " << report.seed << ", budget `" << report.budget.name
     << "` (prover: bounded model checking to " << report.budget.depth << " calls, " << report.budget.rlimit
     << " rlimit units per query; fuzzer: " << report.budget.runs << " sequences of at most " << report.budget.max_calls
     << " calls per invariant), meshcheck " << report.tool_version << ".";
  if (!report.ran_prover) md << " The prover did not run.";
  if (!report.ran_fuzzer) md << " The fuzzer did not run.";
  md << "\n\n";

  if (report.side_by_side()) {
    // The first table a reader sees: each invariant in every profile, the deployed code's
    // counterexample beside the design's proof.
    md << "## Deployed versus design\n\n";
    md << "Each invariant judged in every profile; — where a profile does not have it. The evidence is the "
          "counterexample of a violation (its calls, its trace file), else what the prover did: a proof's "
          "obligations and lemmas, or why there is no proof.\n\n";
    md << "| invariant | kind |";
    for (auto& p : report.profiles) md << " " << profile_label(p) << " |";
    for (auto& p : report.profiles) md << " " << p << " evidence |";
    md << "\n|---|---|";
    for (std::size_t k = 0; k < 2 * report.profiles.size(); ++k) md << "---|";
    md << "\n";
    for (auto& row : report.rows()) {
      md << "| `" << row.invariant->id << "` | " << invariants::kind_name(row.invariant->kind) << " |";
      for (auto* r : row.results) md << " " << (r ? verdict_cell(*r) : "—") << " |";
      for (auto* r : row.results) md << " " << (r ? evidence_cell(report, *r) : "—") << " |";
      md << "\n";
    }
    md << "\n";
    for (auto& p : report.profiles) md << "- **" << p << "**: " << report.counts_line(p) << "\n";
    md << "\n";
  }

  if (report.baseline) {
    md << "## Against the baseline\n\n";
    md << "Baseline `" << report.baseline->path << "` (" << report.baseline->format << "): "
       << (report.baseline->worse() ? "**something got worse.**" : "nothing got worse.") << "\n\n";
    if (!report.baseline->changes.empty()) {
      md << "| profile | invariant | change | before | now | worse |\n|---|---|---|---|---|---|\n";
      for (auto& c : report.baseline->changes)
        md << "| " << (c.profile.empty() ? "–" : c.profile) << " | `" << cell(c.id) << "` | " << cell(c.what) << " | " << cell(c.before) << " | " << cell(c.after) << " | "
           << (c.worse ? "❌ yes" : "no") << " |\n";
      md << "\n";
    }
  }

  for (auto& p : report.profiles) {
    md << (report.side_by_side() ? "## Invariants: " + profile_label(p) : std::string("## Invariants")) << "\n\n";
    md << "| invariant | kind | verdict | prover | fuzzer | traces | counterexample |\n";
    md << "|---|---|---|---|---|---|---|\n";
    bool replayed = false;  // whether any trace of this profile was replayed
    for (auto& t : report.traces) replayed |= t.profile == p;
    for (auto& r : report.invariants) {
      if (r.profile != p) continue;
      std::string prover = r.prove ? smt::verdict_name(r.prove->kind) : "–";
      if (r.prove && r.prove->kind == smt::ProofVerdict::Kind::HoldsToDepth) prover = "holds to depth " + std::to_string(r.prove->depth);
      if (r.prove && r.prove->kind == smt::ProofVerdict::Kind::Violated) prover = "VIOLATED at depth " + std::to_string(r.prove->depth);
      if (!r.prove && !r.prover_missing.empty()) prover = "not proved: " + r.prover_missing;
      std::string fuzzer = "–";
      if (r.fuzz) {
        switch (r.fuzz->kind) {
          case fuzz::Verdict::Kind::NotViolated:
            fuzzer = "not violated (" + std::to_string(r.fuzz->sequences) + " seq., " + std::to_string(r.fuzz->calls) + " calls)";
            break;
          case fuzz::Verdict::Kind::Violated: fuzzer = "VIOLATED (" + std::to_string(r.fuzz->length) + " calls)"; break;
          case fuzz::Verdict::Kind::NotCheckable: fuzzer = "not checkable"; break;
          case fuzz::Verdict::Kind::Error: fuzzer = "ERROR"; break;
        }
      }
      std::string traces = r.traces.empty() ? (replayed ? "not violated" : "–")
                                            : "VIOLATED in " + std::to_string(r.traces.size());
      std::string cx;
      if (r.merged == Merged::Violated)
        cx = "[" + std::to_string(r.counterexamples.front().length) + " calls](#" + anchor_of(report, r) + ")";
      md << "| `" << r.invariant.id << "` | " << invariants::kind_name(r.invariant.kind) << " | " << verdict_cell(r)
         << " | " << cell(prover) << " | " << cell(fuzzer) << " | " << traces << " | " << cx << " |\n";
    }
    md << "\n";
  }

  // What the proofs above stand on without proving it, as a Certora spec states its requires.
  if (auto used = report.used_assumptions(); !used.empty()) {
    md << "## Assumptions\n\n";
    md << "Proofs marked *assuming* hold for every run in which these hold; the prover states them instead of "
          "proving them (`--no-assume ID` proves without one).\n\n";
    for (auto* a : used) {
      md << "- **`" << a->id << "`**: " << a->statement << " " << a->why << " Proved under it:";
      for (auto& id : report.proved_under(a->id)) md << " `" << id << "`";
      md << ".\n";
    }
    md << "\n";
  }

  bool any = false;
  for (auto& r : report.invariants) {
    if (r.merged != Merged::Violated) continue;
    if (!any) md << "## Violations\n\n";
    any = true;
    const Counterexample& c = r.counterexamples.front();
    md << "### " << (report.side_by_side() ? r.profile + ": " : "") << r.invariant.id << "\n\n";
    md << "**Statement.** " << r.invariant.statement << "\n\n";
    md << "**Why it matters.** " << r.invariant.why_it_matters << "\n\n";
    md << "**What broke.** " << c.detail << "\n\n";
    md << "**Counterexample.** `" << c.path << "`";
    if (c.engine == "trace") md << " line " << c.line;
    md << ": " << c.length << " call" << (c.length == 1 ? "" : "s") << ", found by " << c.engine;
    for (std::size_t k = 1; k < r.counterexamples.size(); ++k)
      md << (k == 1 ? " (also " : ", ") << r.counterexamples[k].engine << ": " << r.counterexamples[k].length << " calls"
         << (k + 1 == r.counterexamples.size() ? ")" : "");
    md << ". The last call ran `" << c.contract << "." << c.message << "` (`" << c.source_file << ":" << c.source_line
       << "`). Replay it with `meshcheck replay " << (c.engine == "trace" ? c.path : "<out>/" + c.path) << "`.\n\n";
    md << "```mermaid\n" << mermaid_sequence(c.lines, r.invariant.id) << "```\n\n";
  }

  if (!report.traces.empty()) {
    md << "## Replayed traces\n\n| trace | profile | calls | divergences | invariant violations | error |\n|---|---|---|---|---|---|\n";
    for (auto& t : report.traces)
      md << "| `" << cell(t.path) << "` | " << t.profile << " | " << t.calls << " | " << t.divergences.size() << " | " << t.violations << " | "
         << cell(t.error.empty() ? "–" : t.error) << " |\n";
    md << "\n";
    for (auto& t : report.traces)
      for (auto& d : t.divergences) md << "- `" << cell(t.path) << ":" << cell(d) << "`\n";
  }

  for (auto& p : report.profiles) {
    auto found = report.coverage.find(p);
    if (found == report.coverage.end()) continue;
    md << (report.side_by_side() ? "## Fuzz coverage: " + profile_label(p) : std::string("## Fuzz coverage")) << "\n\n";
    std::size_t reached = 0, total = 0;
    std::ostringstream rows;
    const model::Profile* profile = model::find_profile(p);
    for (auto* c : profile->contracts)
      for (auto& m : c->messages) {
        if (!m.mutates || m.branches.empty()) continue;
        std::uint64_t bits = found->second.bits(c->name, m.label);
        std::size_t r = 0;
        std::string missed;
        for (std::size_t b = 0; b < m.branches.size(); ++b) {
          if (bits >> b & 1) ++r;
          else missed += (missed.empty() ? "" : ", ") + m.branches[b];
        }
        reached += r;
        total += m.branches.size();
        rows << "| `" << c->name << "." << m.label << "` | " << r << "/" << m.branches.size() << " | "
             << cell(missed.empty() ? "–" : missed) << " |\n";
      }
    md << reached << " of " << total << " guard outcomes of the model reached.\n\n";
    md << "| message | branches reached | missed |\n|---|---|---|\n" << rows.str() << "\n";
  }
  md << "<sub>Generated by `meshcheck report`; report.html has the lifecycle diagrams and coverage chart, report.json "
        "the data, junit.xml and report.sarif the CI views.</sub>\n";
  return md.str();
}

}  // namespace meshcheck::reports
