// The build-cost scenario, the reference: a translation unit that includes nothing but Boost.MSM's
// back-end header, which any user of a Boost.MSM machine pays before writing a single row.
#define BOOST_ALLOW_DEPRECATED_HEADERS
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#include <boost/msm/back/state_machine.hpp>

int main() { return 0; }
