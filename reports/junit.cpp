// junit.xml: one testsuite per profile judged ("meshcheck.deployed", "meshcheck.spec"),
// one testcase per invariant in it (classname meshcheck.<profile>.<contract>, and a
// "profile" property), so any CI shows the verdicts natively.
// VIOLATED and UNKNOWN are <failure>s (the counterexample in the message and body),
// ERROR an <error>, PROVED and HOLDS pass. Times ("time" attributes) are the prover's.
#include <cstdio>
#include <sstream>

#include "reports/writers.hpp"

namespace meshcheck::reports {

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += ' ';
        else out += c;
    }
  }
  return out;
}

namespace {
std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}
}  // namespace

std::string render_junit(const Report& report) {
  std::size_t failures = report.count(Merged::Violated) + report.count(Merged::Unknown);
  std::size_t errors = report.count(Merged::Error);
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuites name=\"meshcheck\" tests=\"" << report.invariants.size() << "\" failures=\"" << failures
    << "\" errors=\"" << errors << "\" time=\"" << seconds(report.timing.total) << "\">\n";
  for (auto& p : report.profiles) {
    std::size_t suite_failures = report.count(Merged::Violated, p) + report.count(Merged::Unknown, p);
    std::size_t suite_errors = report.count(Merged::Error, p);
    double suite_time = 0;
    for (auto& r : report.invariants)
      if (r.profile == p && r.prove) suite_time += r.prove->seconds;
    x << "  <testsuite name=\"meshcheck." << xml_escape(p) << "\" tests=\"" << report.count_in(p) << "\" failures=\""
      << suite_failures << "\" errors=\"" << suite_errors << "\" skipped=\"0\" time=\"" << seconds(suite_time) << "\">\n";
    x << "    <properties>\n";
    x << "      <property name=\"profile\" value=\"" << xml_escape(p) << "\"/>\n";
    x << "      <property name=\"seed\" value=\"" << report.seed << "\"/>\n";
    x << "      <property name=\"budget\" value=\"" << xml_escape(report.budget.name) << "\"/>\n";
    x << "      <property name=\"summary\" value=\"" << xml_escape(report.counts_line(p)) << "\"/>\n";
    for (auto* a : report.used_assumptions())
      x << "      <property name=\"assumption " << xml_escape(a->id) << "\" value=\"" << xml_escape(a->statement)
        << "\"/>\n";
    x << "    </properties>\n";
    for (auto& r : report.invariants) {
      if (r.profile != p) continue;
      std::string classname =
          "meshcheck." + p + "." + (r.invariant.contract.empty() ? std::string("global") : r.invariant.contract);
      x << "    <testcase name=\"" << xml_escape(r.invariant.id) << "\" classname=\"" << xml_escape(classname)
        << "\" time=\"" << seconds(r.prove ? r.prove->seconds : 0) << "\">\n";
      // Every result names its profile, and a proof under assumptions names them too.
      auto assumed = proved_assuming(r);
      std::string ids;
      for (auto& a : assumed) ids += (ids.empty() ? "" : " ") + a;
      x << "      <properties>\n        <property name=\"profile\" value=\"" << xml_escape(p) << "\"/>\n";
      if (!assumed.empty()) x << "        <property name=\"assumptions\" value=\"" << xml_escape(ids) << "\"/>\n";
      x << "      </properties>\n";
      if (r.merged == Merged::Proved || r.merged == Merged::Holds) {
        std::string verdict = merged_name(r.merged);
        if (!assumed.empty()) verdict += " assuming " + ids;
        x << "      <system-out>" << xml_escape(verdict + ": " + r.summary) << "</system-out>\n    </testcase>\n";
        continue;
      }
      std::string body = r.invariant.statement + "\n" + merged_name(r.merged) + ": " + r.summary + "\n";
      std::string message = std::string(merged_name(r.merged)) + ": " + r.summary;
      if (!r.counterexamples.empty()) {
        const Counterexample& c = r.counterexamples.front();
        message = "VIOLATED: " + c.detail + " (counterexample " + c.path + ", " + std::to_string(c.length) + " calls)";
        body += "counterexample: " + c.path + (c.engine == "trace" ? ":" + std::to_string(c.line) : "") + " (" +
                std::to_string(c.length) + " calls, " + c.engine + "); last call " + c.contract + "." + c.message +
                " at " + c.source_file + ":" + std::to_string(c.source_line) + "\n";
        for (auto& l : c.lines)
          if (l.rfind("{\"call\"", 0) == 0 || l.rfind("{\"transfer\"", 0) == 0) body += l + "\n";
      }
      const char* tag = r.merged == Merged::Error ? "error" : "failure";
      x << "      <" << tag << " message=\"" << xml_escape(message) << "\" type=\"" << merged_name(r.merged) << "\">"
        << xml_escape(body) << "</" << tag << ">\n";
      x << "    </testcase>\n";
    }
    x << "  </testsuite>\n";
  }
  x << "</testsuites>\n";
  return x.str();
}

}  // namespace meshcheck::reports
