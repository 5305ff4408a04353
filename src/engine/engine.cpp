// The one instantiation of the engine with runtime policies, so user code only links against it.
#include "fengqiao/engine/engine.hpp"

namespace fengqiao {
template class BasicEngine<PolicySet>;
}  // namespace fengqiao
