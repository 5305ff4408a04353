// Counties loaded from JSON: the tree, the roster, the calendar and every policy parameter.
#include "bindings.hpp"

namespace fengqiao::python {

void register_county(py::module_& m) {
    py::class_<County>(m, "County",
                       "Everything a county file describes. Build an engine with county.engine(), or with "
                       "Engine(county.jurisdictions, county.roster, county.policies()).")
        .def_readonly("name", &County::name, "The county's name, e.g. '襄垣县'.")
        .def_readonly("jurisdictions", &County::jurisdictions, "The jurisdiction tree, root first.")
        .def_readonly("roster", &County::roster, "Actors and bodies, in file order.")
        .def_readonly("calendar", &County::calendar, "Holidays, make-up working days, suspensions.")
        .def_readonly("settings", &County::settings, "Every policy parameter, with the policy-set version.")
        .def_readonly("sources", &County::sources, "Where the file's facts come from (citations).")
        .def("policies", &County::policies, "The configured policy set (a copy; replace any member before use).")
        .def("describe", [](const County& c) { return describe(c); },
             "Counts of jurisdictions by kind and of actors by role, as `fengqiao validate` prints them.")
        .def("__repr__", [](const County& c) {
            return "County(" + py::repr(py::str(c.name)).cast<std::string>() + ", " +
                   std::to_string(c.jurisdictions.size()) + " jurisdictions, " + std::to_string(c.roster.size()) +
                   " actors)";
        });

    m.def(
        "load_county", [](const py::object& path) { return load_county(path_text(path)); },
        py::arg("path"),
        "Reads a county file (a str or path-like). Raises fengqiao.ConfigError, whose .path is the JSON pointer of "
        "the first problem, or fengqiao.StorageError if the file cannot be read.");
    m.def("parse_county", &parse_county, py::arg("text"), py::arg("source") = "<string>",
          "Parses county JSON text; `source` names it in error messages. Raises fengqiao.ConfigError.");
}

}  // namespace fengqiao::python
