// The five files of a report, each rendered from the merged Report as text. Nothing
// here reads a clock: the only times in them are those in Report::timing and the
// obligations' seconds, and each sits in a clearly named place (JSON keys "timing",
// JUnit "time" attributes, SARIF invocation "properties.timing", HTML elements of
// class "timing"; report.md has none), so two runs with the same seed and inputs give
// byte-identical files apart from those.
#pragma once

#include <string>

#include "reports/report.hpp"

namespace meshcheck::reports {

std::string render_json(const Report& report);      // report.json (schema: reports/report.schema.json)
std::string render_markdown(const Report& report);  // report.md (GitHub-flavoured, Mermaid)
std::string render_html(const Report& report);      // report.html (self-contained, inline SVG)
std::string render_junit(const Report& report);     // junit.xml
std::string render_sarif(const Report& report);     // report.sarif (SARIF 2.1.0)

// XML/HTML text escaping (&, <, >, ", ').
std::string xml_escape(const std::string& text);

}  // namespace meshcheck::reports
