// Where each message of the model is written: generated at build time from
// model/<contract>.cpp by reports/gen_model_lines.cpp. SARIF results point here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace meshcheck::reports {

struct MessageLine {
  const char* profile;
  const char* contract;
  const char* message;
  const char* file;  // relative to the repository's top folder: "model/payment_escrow.cpp"
  std::size_t line;  // 1-based: the message's function definition (or its table entry)
};

const std::vector<MessageLine>& message_lines();

// The entry for (profile, contract, message), or nullptr.
inline const MessageLine* find_message_line(std::string_view profile, std::string_view contract,
                                            std::string_view message) {
  for (const auto& m : message_lines())
    if (profile == m.profile && contract == m.contract && message == m.message) return &m;
  return nullptr;
}

}  // namespace meshcheck::reports
