#include "reports/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "reports/writers.hpp"

namespace meshcheck::reports {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// Characters of a UTF-8 string (for width estimates).
std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Cuts a label to about `max` characters (UTF-8 safe).
std::string fit(const std::string& s, std::size_t max) {
  if (chars(s) <= max) return s;
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if ((c & 0xC0) != 0x80 && ++n > max - 1) break;
    out += s[i];
  }
  return out + "…";
}

const char* kDefs =
    "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
    "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#334\"/></marker>"
    "<marker id=\"arrow-red\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
    "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c0392b\"/></marker></defs>";

}  // namespace

std::string sequence_svg(const TraceView& view, const std::string& violated_id) {
  const double left = 20, box_w = 170, box_h = 30, top = 10, step_h = 58;
  const std::size_t shown = 40;
  const std::size_t first = view.steps.size() > shown ? view.steps.size() - shown : 0;
  // Columns wide enough for the longest call label (within reason).
  std::size_t longest = 0;
  for (std::size_t k = first; k < view.steps.size(); ++k) {
    const TraceStep& st = view.steps[k];
    longest = std::max(longest, chars(st.message + "(" + st.args + ")" + (st.value != "0" ? " value " + shorten(st.value) : "")));
  }
  const double col = std::clamp(longest * 6.6 + 40, 230.0, 620.0);
  const std::size_t n = view.participants.size();
  const double width = left * 2 + std::max<std::size_t>(n, 1) * col - (col - box_w);
  const double body_top = top + box_h + 20 + (first ? 20 : 0);
  const double height = body_top + (view.steps.size() - first) * step_h + 20;
  auto x_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < n; ++i)
      if (view.participants[i] == name) return left + i * col + box_w / 2;
    return left + box_w / 2;
  };
  std::ostringstream s;
  s << "<svg class=\"diagram sequence\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width) << "\" height=\""
    << num(height) << "\" viewBox=\"0 0 " << num(width) << " " << num(height) << "\" role=\"img\" aria-label=\"sequence "
    << "diagram of the counterexample of " << xml_escape(violated_id) << "\">" << kDefs;
  // Lifelines and participant boxes.
  for (std::size_t i = 0; i < n; ++i) {
    double x = left + i * col;
    double cx = x + box_w / 2;
    s << "<line class=\"lifeline\" x1=\"" << num(cx) << "\" y1=\"" << num(top + box_h) << "\" x2=\"" << num(cx)
      << "\" y2=\"" << num(height - 8) << "\" stroke=\"#99a\" stroke-dasharray=\"4 4\"/>";
    s << "<rect class=\"participant\" x=\"" << num(x) << "\" y=\"" << num(top) << "\" width=\"" << num(box_w)
      << "\" height=\"" << num(box_h) << "\" rx=\"6\" fill=\"" << (view.is_contract[i] ? "#e8eefc" : "#eef7ee")
      << "\" stroke=\"" << (view.is_contract[i] ? "#4a69bd" : "#3c8d3c") << "\"/>";
    s << "<text x=\"" << num(cx) << "\" y=\"" << num(top + 19) << "\" text-anchor=\"middle\" font-weight=\"600\">"
      << xml_escape(fit(view.participants[i], 24)) << "</text>";
  }
  if (first)
    s << "<text x=\"" << num(left) << "\" y=\"" << num(top + box_h + 22) << "\" fill=\"#666\">" << first
      << " earlier steps not shown</text>";
  for (std::size_t k = first; k < view.steps.size(); ++k) {
    const TraceStep& st = view.steps[k];
    const bool last = k + 1 == view.steps.size();
    const double y = body_top + (k - first) * step_h;
    double x1 = x_of(st.from), x2 = x_of(st.to);
    if (last)
      s << "<rect class=\"violation\" x=\"4\" y=\"" << num(y - 4) << "\" width=\"" << num(width - 8) << "\" height=\""
        << num(step_h - 4) << "\" fill=\"#fdecea\" stroke=\"#c0392b\" stroke-dasharray=\"3 3\" rx=\"4\"/>";
    const double span = std::max(std::abs(x2 - x1), 120.0);
    const std::size_t max_chars = static_cast<std::size_t>(span / 6.6);
    std::string call = st.kind == TraceStep::Kind::Transfer
                           ? "transfer " + shorten(st.value)
                           : st.message + "(" + st.args + ")" + (st.value != "0" ? " value " + shorten(st.value) : "");
    const char* marker = last ? "url(#arrow-red)" : "url(#arrow)";
    const char* stroke = last ? "#c0392b" : "#334";
    s << "<g class=\"step\"><title>" << xml_escape(call) << "</title>";
    s << "<text x=\"" << num((x1 + x2) / 2) << "\" y=\"" << num(y + 10) << "\" text-anchor=\"middle\">"
      << xml_escape(fit(call, max_chars)) << "</text>";
    s << "<line class=\"call\" x1=\"" << num(x1) << "\" y1=\"" << num(y + 16) << "\" x2=\"" << num(x2) << "\" y2=\""
      << num(y + 16) << "\" stroke=\"" << stroke << "\" stroke-width=\"1.6\" marker-end=\"" << marker << "\"/></g>";
    if (st.kind == TraceStep::Kind::Call) {
      std::string result = st.outcome;
      for (auto& e : st.events) result += " · " + e;
      s << "<g class=\"return\"><title>" << xml_escape(result) << "</title>";
      s << "<text x=\"" << num((x1 + x2) / 2) << "\" y=\"" << num(y + 32) << "\" text-anchor=\"middle\" fill=\"#555\">"
        << xml_escape(fit(result, max_chars)) << "</text>";
      s << "<line x1=\"" << num(x2) << "\" y1=\"" << num(y + 38) << "\" x2=\"" << num(x1) << "\" y2=\"" << num(y + 38)
        << "\" stroke=\"#667\" stroke-dasharray=\"5 3\" marker-end=\"url(#arrow)\"/></g>";
    }
    if (last)
      s << "<text class=\"violation-label\" x=\"" << num(width - 12) << "\" y=\"" << num(y + 50)
        << "\" text-anchor=\"end\" fill=\"#c0392b\" font-weight=\"600\">" << xml_escape(violated_id)
        << " violated here</text>";
  }
  s << "</svg>";
  return s.str();
}

std::string lifecycle_svg(const Lifecycle& lc) {
  const double node_w = 130, node_h = 36, dx = 270, dy = 120, ox = 110, oy = 80;
  int cols = 1, rows = 1;
  for (auto& st : lc.states) {
    cols = std::max(cols, st.col + 1);
    rows = std::max(rows, st.row + 1);
  }
  const double width = ox + (cols - 1) * dx + node_w + 60;
  const double height = oy + (rows - 1) * dy + node_h + 75;
  std::map<std::string, const LifecycleState*> by_name;
  for (auto& st : lc.states) by_name[st.name] = &st;
  auto cx = [&](const LifecycleState& st) { return ox + st.col * dx + node_w / 2; };
  auto cy = [&](const LifecycleState& st) { return oy + st.row * dy + node_h / 2; };
  // Where the segment from the centre of `st` towards (tx, ty) leaves its box.
  auto clip = [&](const LifecycleState& st, double tx, double ty) {
    double x = cx(st), y = cy(st), vx = tx - x, vy = ty - y;
    double sx = vx == 0 ? 1e9 : (node_w / 2) / std::abs(vx), sy = vy == 0 ? 1e9 : (node_h / 2) / std::abs(vy);
    double t = std::min(sx, sy);
    return std::pair<double, double>{x + vx * t, y + vy * t};
  };
  std::ostringstream s;
  s << "<svg class=\"diagram lifecycle\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width) << "\" height=\""
    << num(height) << "\" viewBox=\"0 0 " << num(width) << " " << num(height) << "\" role=\"img\" aria-label=\""
    << xml_escape(lc.contract) << " lifecycle\">" << kDefs;
  for (auto& e : lc.edges) {
    const LifecycleState* to = by_name.at(e.to);
    if (e.from.empty()) {
      double x = cx(*to) - node_w / 2, y = cy(*to);
      s << "<circle class=\"initial\" cx=\"" << num(x - 80) << "\" cy=\"" << num(y) << "\" r=\"7\" fill=\"#222\"/>";
      s << "<line class=\"transition\" x1=\"" << num(x - 73) << "\" y1=\"" << num(y) << "\" x2=\"" << num(x) << "\" y2=\""
        << num(y) << "\" stroke=\"#334\" marker-end=\"url(#arrow)\"><title>" << xml_escape(e.label) << "</title></line>";
      s << "<text x=\"" << num(x - 88) << "\" y=\"" << num(y + 24) << "\" font-size=\"11\">" << xml_escape(e.label)
        << "</text>";
      continue;
    }
    const LifecycleState* from = by_name.at(e.from);
    if (from == to) {
      // Above the node on the first row, below it on the others (edges come in from above).
      const double dir = from->row == 0 ? -1 : 1;
      double x = cx(*from), y = cy(*from) + dir * node_h / 2;
      s << "<path class=\"transition\" d=\"M" << num(x - 22) << "," << num(y) << " C" << num(x - 40) << ","
        << num(y + dir * 42) << " " << num(x + 40) << "," << num(y + dir * 42) << " " << num(x + 22) << "," << num(y)
        << "\" fill=\"none\" stroke=\"#334\" marker-end=\"url(#arrow)\"><title>" << xml_escape(e.label) << "</title></path>";
      // Long labels ("a, b, c") wrap onto lines stacked above the loop.
      std::vector<std::string> lines{""};
      std::size_t start = 0;
      while (start <= e.label.size()) {
        std::size_t comma = e.label.find(", ", start);
        std::string part = e.label.substr(start, comma == std::string::npos ? std::string::npos : comma + 1 - start);
        if (!lines.back().empty() && chars(lines.back()) + chars(part) > 30) lines.push_back("");
        lines.back() += (lines.back().empty() ? "" : " ") + part;
        if (comma == std::string::npos) break;
        start = comma + 2;
      }
      for (std::size_t i = 0; i < lines.size(); ++i)
        s << "<text x=\"" << num(x) << "\" y=\""
          << num(dir < 0 ? y - 36 - 13.0 * (lines.size() - 1 - i) : y + 46 + 13.0 * i)
          << "\" text-anchor=\"middle\" font-size=\"11\">" << xml_escape(lines[i]) << "</text>";
      continue;
    }
    bool reverse = false;
    for (auto& o : lc.edges) reverse |= o.from == e.to && o.to == e.from;
    bool skips = from->row == to->row && std::abs(from->col - to->col) > 1;
    double x1 = cx(*from), y1 = cy(*from), x2 = cx(*to), y2 = cy(*to);
    double mx = (x1 + x2) / 2, my = (y1 + y2) / 2, len = std::hypot(x2 - x1, y2 - y1);
    double bend = reverse ? 26 : skips ? 55 : 0;
    double px = -(y2 - y1) / len, py = (x2 - x1) / len;  // perpendicular
    double qx = mx + px * bend, qy = my + py * bend;
    auto [sx, sy] = clip(*from, bend ? qx : x2, bend ? qy : y2);
    auto [ex, ey] = clip(*to, bend ? qx : x1, bend ? qy : y1);
    s << "<path class=\"transition\" d=\"M" << num(sx) << "," << num(sy) << " Q" << num(qx) << "," << num(qy) << " "
      << num(ex) << "," << num(ey) << "\" fill=\"none\" stroke=\"#334\" marker-end=\"url(#arrow)\"><title>"
      << xml_escape(e.label) << "</title></path>";
    double lx = 0.25 * sx + 0.5 * qx + 0.25 * ex, ly = 0.25 * sy + 0.5 * qy + 0.25 * ey;
    s << "<text x=\"" << num(lx) << "\" y=\"" << num(ly - 5) << "\" text-anchor=\"middle\" font-size=\"11\" "
      << "paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">" << xml_escape(e.label) << "</text>";
  }
  for (auto& st : lc.states) {
    double x = ox + st.col * dx, y = oy + st.row * dy;
    s << "<rect class=\"state\" x=\"" << num(x) << "\" y=\"" << num(y) << "\" width=\"" << num(node_w) << "\" height=\""
      << num(node_h) << "\" rx=\"16\" fill=\"" << (st.unreachable ? "#f4f4f4" : "#fff7e0") << "\" stroke=\""
      << (st.unreachable ? "#aaa" : "#b7950b") << "\"" << (st.unreachable ? " stroke-dasharray=\"4 3\"" : "") << "/>";
    s << "<text x=\"" << num(x + node_w / 2) << "\" y=\"" << num(y + 23) << "\" text-anchor=\"middle\" font-weight=\"600\""
      << (st.unreachable ? " fill=\"#999\"" : "") << ">" << xml_escape(st.name) << "</text>";
    if (st.unreachable)
      s << "<text x=\"" << num(x + node_w / 2) << "\" y=\"" << num(y + node_h + 14)
        << "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#999\">no deployed message reaches it</text>";
  }
  s << "</svg>";
  return s.str();
}

std::string coverage_svg(const std::vector<CoverageRow>& rows) {
  const double label_w = 330, bar_w = 300, row_h = 22, top = 10;
  const double width = label_w + bar_w + 70, height = top * 2 + rows.size() * row_h;
  std::ostringstream s;
  s << "<svg class=\"diagram coverage\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width) << "\" height=\""
    << num(height) << "\" viewBox=\"0 0 " << num(width) << " " << num(height)
    << "\" role=\"img\" aria-label=\"branch coverage per message\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const CoverageRow& r = rows[i];
    double y = top + i * row_h;
    double frac = r.total ? double(r.reached) / double(r.total) : 0;
    const char* colour = frac >= 1 ? "#27ae60" : frac >= 0.5 ? "#f39c12" : "#c0392b";
    s << "<g class=\"bar\"><title>" << xml_escape(r.label) << ": " << r.reached << "/" << r.total
      << (r.missed.empty() ? "" : " — missed: " + xml_escape(r.missed)) << "</title>";
    s << "<text x=\"" << num(label_w - 8) << "\" y=\"" << num(y + 15) << "\" text-anchor=\"end\" font-size=\"12\">"
      << xml_escape(r.label) << "</text>";
    s << "<rect x=\"" << num(label_w) << "\" y=\"" << num(y + 4) << "\" width=\"" << num(bar_w) << "\" height=\""
      << num(row_h - 8) << "\" fill=\"#eee\"/>";
    s << "<rect class=\"reached\" x=\"" << num(label_w) << "\" y=\"" << num(y + 4) << "\" width=\"" << num(bar_w * frac)
      << "\" height=\"" << num(row_h - 8) << "\" fill=\"" << colour << "\"/>";
    s << "<text x=\"" << num(label_w + bar_w + 8) << "\" y=\"" << num(y + 15) << "\" font-size=\"12\">" << r.reached
      << "/" << r.total << "</text></g>";
  }
  s << "</svg>";
  return s.str();
}

}  // namespace meshcheck::reports
