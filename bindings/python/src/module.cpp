// The compiled core of the fengqiao Python package. The package's __init__.py re-exports what is
// public; everything here is registered one concept per file, in dependency order.
#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
    namespace fp = fengqiao::python;
    m.doc() = "The compiled core of fengqiao; import the fengqiao package instead.";
    m.attr("__version__") = fengqiao::version;
    fp::register_enums(m);
    fp::register_errors(m);
    fp::register_time(m);
    fp::register_model(m);
    fp::register_commands(m);
    fp::register_policies(m);
    fp::register_journal(m);
    fp::register_county(m);
    fp::register_receipt(m);
    fp::register_engine(m);
    fp::register_command_methods(m);
    fp::register_batch(m);
    fp::register_sim(m);
}
