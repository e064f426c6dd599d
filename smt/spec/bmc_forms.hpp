// Step forms the spec search (bmc.hpp) judges beside the invariant modules' own
// (invariants/spec/) and the ghosts' (ghosts.hpp): transition forms stated over the keys a
// step wrote to a map (ghosts.hpp written_keys), which the modules cannot state (they know
// the state, not how a path built it).
//
// N-BALANCE: owner_nft_count[a] is the number of live tokens a owns (the Monitor keeps that
// number as the ghost owned[a]). Its step form, for a quantified account a: a step changes
// a's count by exactly the number of tokens it gave a less the number it took from a, over
// the token ids it wrote. From a state where the counts are right (the standard
// deployment, any run of the design) a step breaking the form breaks N-BALANCE.
#pragma once

#include <vector>

#include "invariants/spec/spec.hpp"

namespace meshcheck::smt::spec {

const std::vector<::meshcheck::invariants::spec::StepForm>& bmc_step_forms();

}  // namespace meshcheck::smt::spec
