// The profiles by name. Apart from model/profile.cpp because the spec profile lives in
// the meshcheck_spec library (model/spec/, with Z3), which builds on meshcheck_model.
#include "model/profile.hpp"

namespace meshcheck::model {

const Profile* find_profile(std::string_view name) {
  if (name == "deployed") return &deployed_profile();
  if (name == "spec") return &spec_profile();
  return nullptr;
}

std::vector<std::string> profile_names() { return {"deployed", "spec"}; }

}  // namespace meshcheck::model
