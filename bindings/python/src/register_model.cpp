// The domain model: jurisdictions, actors, parties, and the case record with its file.
#include <sstream>

#include "bindings.hpp"

namespace fengqiao::python {
namespace {

std::string repr_text(const std::string& s) { return py::repr(py::str(s)); }

std::string case_repr(const Case& c) {
    std::ostringstream out;
    out << "Case(id=" << c.id.value() << ", state=" << to_string(c.state) << ", category=" << to_string(c.category)
        << ", jurisdiction=" << c.jurisdiction.value() << ", risk=" << to_string(c.risk)
        << ", outcome=" << to_string(c.outcome) << ")";
    return out.str();
}

}  // namespace

void register_model(py::module_& m) {
    m.def("tier_of", &tier_of, py::arg("kind"), "The tier (village, township, county, ...) of a jurisdiction kind.");
    m.def("mediates", &mediates, py::arg("role"), "True for roles that mediate cases (and so can be assigned).");
    m.def("is_final", &is_final, py::arg("state"), "True for states that take no further command.");
    m.def("is_open", &is_open, py::arg("state"), "True for states in which a case is still being handled.");

    py::class_<Jurisdiction>(m, "Jurisdiction", "One node of a jurisdiction tree (a copy; the tree does not change).")
        .def_readonly("id", &Jurisdiction::id, "Dense id, 1-based in insertion order.")
        .def_readonly("parent", &Jurisdiction::parent, "The parent's id; None for the root.")
        .def_readonly("kind", &Jurisdiction::kind, "What kind of area (JurisdictionKind).")
        .def_property_readonly("tier", [](const Jurisdiction& j) { return tier_of(j.kind); },
                               "The tier the kind belongs to (Tier).")
        .def_readonly("depth", &Jurisdiction::depth, "0 for the root.")
        .def_readonly("code", &Jurisdiction::code, "ASCII code, unique in the tree.")
        .def_readonly("name", &Jurisdiction::name, "UTF-8 name, e.g. '侯堡镇'.")
        .def_readonly("population", &Jurisdiction::population, "Residents, where known (0 = unknown).")
        .def("__repr__", [](const Jurisdiction& j) {
            return "Jurisdiction(id=" + std::to_string(j.id.value()) + ", code=" + repr_text(j.code) +
                   ", name=" + repr_text(j.name) + ", kind=" + std::string(to_string(j.kind)) + ")";
        });

    py::class_<JurisdictionTree>(m, "JurisdictionTree",
                                 "A tree of jurisdictions of any depth: county, townships, villages, grid cells. "
                                 "Nodes are added parent first and never removed.")
        .def(py::init<>(), "An empty tree.")
        .def(
            "add",
            [](JurisdictionTree& t, const PlaceRef& parent, JurisdictionKind kind, std::string code, std::string name,
               long long population) {
                refuse_if_engine_owned(&t, "jurisdiction tree");
                const std::uint32_t residents = count_arg(population, "population");
                const JurisdictionId id = t.add(resolve(t, parent), kind, std::move(code), std::move(name));
                if (residents != 0) t.set_population(id, residents);
                return id;
            },
            py::arg("parent"), py::arg("kind"), py::arg("code"), py::arg("name"), py::arg("population") = 0,
            "Adds a node under `parent` (None for the root; an id, a code or a Jurisdiction) and returns its id. "
            "Raises fengqiao.NotFound for an unknown parent, fengqiao.InvalidArgument for a second root or an "
            "empty or duplicate code.")
        .def(
            "set_population",
            [](JurisdictionTree& t, JurisdictionId id, std::uint32_t residents) {
                refuse_if_engine_owned(&t, "jurisdiction tree");
                t.set_population(id, residents);
            },
            py::arg("id"), py::arg("residents"), "Records the number of residents of a jurisdiction.")
        .def("__len__", &JurisdictionTree::size, "Number of nodes.")
        .def("__contains__", [](const JurisdictionTree& t, JurisdictionId id) { return t.contains(id); },
             py::arg("id"), "True if `id` names a node of this tree.")
        .def("__getitem__", [](const JurisdictionTree& t, const PlaceRef& p) { return t.at(resolve(t, p)); },
             py::arg("jurisdiction"), "The node with this id or code; raises fengqiao.NotFound if there is none.")
        .def("__iter__", [](const JurisdictionTree& t) { return py::iter(py::cast(t.nodes())); },
             "Every node in id order.")
        .def(
            "find",
            [](const JurisdictionTree& t, const std::string& code) -> py::object {
                const auto id = t.find_code(code);
                return id.valid() ? py::cast(id) : py::none();
            },
            py::arg("code"), "The id of the node with this code, or None.")
        .def_property_readonly("root", &JurisdictionTree::root, "The root's id (None for an empty tree).")
        .def("children", [](const JurisdictionTree& t, const PlaceRef& p) { return t.children(resolve(t, p)); },
             py::arg("jurisdiction"), "Ids of the direct children, in insertion order.")
        .def("parent", [](const JurisdictionTree& t, const PlaceRef& p) { return t.parent(resolve(t, p)); },
             py::arg("jurisdiction"), "The parent's id (None for the root).")
        .def("ancestors", [](const JurisdictionTree& t, const PlaceRef& p) { return t.ancestors(resolve(t, p)); },
             py::arg("jurisdiction"), "Ids from the parent up to the root.")
        .def(
            "within",
            [](const JurisdictionTree& t, const PlaceRef& node, const PlaceRef& ancestor) {
                return t.within(resolve(t, node), resolve(t, ancestor));
            },
            py::arg("node"), py::arg("ancestor"), "True if `ancestor` is `node` or one of its ancestors.")
        .def("subtree", [](const JurisdictionTree& t, const PlaceRef& p) { return t.subtree(resolve(t, p)); },
             py::arg("root"), "`root` and all its descendants, parent before child.")
        .def(
            "nearest_of_tier",
            [](const JurisdictionTree& t, const PlaceRef& p, Tier tier) {
                return t.nearest_of_tier(resolve(t, p), tier);
            },
            py::arg("jurisdiction"), py::arg("tier"), "The nearest ancestor-or-self of this tier, or None.")
        .def("tier", [](const JurisdictionTree& t, const PlaceRef& p) { return t.tier(resolve(t, p)); },
             py::arg("jurisdiction"), "The tier of a node.")
        .def("path", [](const JurisdictionTree& t, const PlaceRef& p) { return t.path(resolve(t, p)); },
             py::arg("jurisdiction"), "Names from the root down, e.g. '襄垣县 / 侯堡镇 / 东周村'.");

    py::class_<Actor>(m, "Actor", "A person or body that issues commands, scoped to one jurisdiction.")
        .def(py::init([](std::string name, Role role, JurisdictionId jurisdiction, std::string code,
                         std::optional<CategorySet> specialties, long long capacity, bool body) {
                 Actor a;
                 a.name = std::move(name);
                 a.role = role;
                 a.jurisdiction = jurisdiction;
                 a.code = std::move(code);
                 a.specialties = specialties ? *specialties : CategorySet::all();
                 a.capacity = count_arg(capacity, "capacity");
                 a.body = body;
                 return a;
             }),
             py::arg("name"), py::arg("role"), py::arg("jurisdiction"), py::kw_only(), py::arg("code") = "",
             py::arg("specialties") = py::none(), py::arg("capacity") = 0, py::arg("body") = false,
             "An actor not yet in a roster (its id is assigned by Roster.add).")
        .def_readonly("id", &Actor::id, "Dense id, 1-based in registration order (None before registration).")
        .def_readwrite("code", &Actor::code, "Stable ASCII code, unique in the roster (empty: none).")
        .def_readwrite("name", &Actor::name, "UTF-8 name, e.g. '老杨调解工作室'.")
        .def_readwrite("role", &Actor::role, "What the actor does (Role).")
        .def_readwrite("jurisdiction", &Actor::jurisdiction, "The one jurisdiction the actor is scoped to.")
        .def_readwrite("specialties", &Actor::specialties, "Categories the actor mediates (a set of Category).")
        .def_readwrite("capacity", &Actor::capacity, "Open cases the actor can carry at once (0 = no limit).")
        .def_readwrite("body", &Actor::body, "True for an office or studio rather than one person.")
        .def("__repr__", [](const Actor& a) {
            return "Actor(id=" + std::to_string(a.id.value()) + ", name=" + repr_text(a.name) +
                   ", role=" + std::string(to_string(a.role)) + ", jurisdiction=" +
                   std::to_string(a.jurisdiction.value()) + ")";
        });

    py::class_<Roster>(m, "Roster", "Everyone who can act on cases.")
        .def(py::init<>(), "An empty roster.")
        .def(
            "add",
            [](Roster& r, std::string name, Role role, JurisdictionId jurisdiction, std::string code,
               std::optional<CategorySet> specialties, long long capacity, bool body) {
                refuse_if_engine_owned(&r, "roster");
                if (!jurisdiction.valid()) throw py::value_error("an actor needs a jurisdiction id");
                Actor a;
                a.name = std::move(name);
                a.role = role;
                a.jurisdiction = jurisdiction;
                a.code = std::move(code);
                a.specialties = specialties ? *specialties : CategorySet::all();
                a.capacity = count_arg(capacity, "capacity");
                a.body = body;
                return r.add(std::move(a));
            },
            py::arg("name"), py::arg("role"), py::arg("jurisdiction"), py::kw_only(), py::arg("code") = "",
            py::arg("specialties") = py::none(), py::arg("capacity") = 0, py::arg("body") = false,
            "Registers an actor scoped to `jurisdiction` (an id) and returns its id. Without `specialties` the "
            "actor mediates every category.")
        .def(
            "add_actor",
            [](Roster& r, Actor a) {
                refuse_if_engine_owned(&r, "roster");
                return r.add(std::move(a));
            },
            py::arg("actor"),
            "Registers a prepared Actor (its id is ignored and assigned) and returns its id.")
        .def("__len__", &Roster::size, "Number of actors.")
        .def("__contains__", [](const Roster& r, ActorId id) { return r.contains(id); }, py::arg("id"),
             "True if `id` names a registered actor.")
        .def("__getitem__", [](const Roster& r, const ActorRef& a) { return r.at(resolve(r, a)); }, py::arg("actor"),
             "The actor with this id or code; raises fengqiao.NotFound if there is none.")
        .def("__iter__", [](const Roster& r) { return py::iter(py::cast(r.actors())); }, "Every actor in id order.")
        .def(
            "find",
            [](const Roster& r, const std::string& code) -> py::object {
                const auto id = r.find_code(code);
                return id.valid() ? py::cast(id) : py::none();
            },
            py::arg("code"), "The id of the actor with this code, or None.")
        .def("at_jurisdiction", &Roster::at_jurisdiction, py::arg("jurisdiction"),
             "Ids of the actors scoped exactly to a jurisdiction, in registration order.");

    py::class_<Party>(m, "Party", "A person or organisation on one side of a dispute.")
        .def(py::init([](std::string name, Side side, bool organisation) {
                 return Party{std::move(name), side, organisation};
             }),
             py::arg("name"), py::arg("side") = Side::applicant, py::arg("organisation") = false,
             "A party; `side` is a Side or its name.")
        .def_readwrite("name", &Party::name, "UTF-8 name of the person or organisation.")
        .def_readwrite("side", &Party::side, "Which side (Side).")
        .def_readwrite("organisation", &Party::organisation, "True for a company, cooperative or other body.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const Party& p) {
            return "Party(" + repr_text(p.name) + ", side=" + std::string(to_string(p.side)) +
                   (p.organisation ? ", organisation=True)" : ")");
        });
    py::implicitly_convertible<py::str, Party>();

    py::class_<CaseFile>(m, "CaseFile", "The free text of a case: parties, summary, latest agreement.")
        .def(py::init<>(), "An empty file.")
        .def_readwrite("parties", &CaseFile::parties, "The parties as reported (list of Party).")
        .def_readwrite("summary", &CaseFile::summary, "The dispute as reported.")
        .def_readwrite("agreement", &CaseFile::agreement, "Terms of the latest agreement, if any.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const CaseFile& f) {
            return "CaseFile(parties=" + std::to_string(f.parties.size()) + ", summary=" + repr_text(f.summary) + ")";
        });

    py::class_<Case>(m, "Case",
                     "A case's state as the engine holds it: a snapshot (it does not change when the engine "
                     "moves on). Policies receive one; tests may build one to call a policy directly.")
        .def(py::init<>(), "A blank case (reported, category other).")
        .def_readwrite("id", &Case::id, "Dense id in order of report.")
        .def_readwrite("state", &Case::state, "Lifecycle state (State).")
        .def_readwrite("category", &Case::category, "What the dispute is about (Category).")
        .def_readwrite("channel", &Case::channel, "How it arrived (Channel).")
        .def_readwrite("risk", &Case::risk, "Current risk grade (RiskGrade).")
        .def_readwrite("outcome", &Case::outcome, "How it ended; open while open (Outcome).")
        .def_readwrite("route", &Case::route, "Where it was referred, if it was (ReferralRoute).")
        .def_readwrite("overdue", &Case::overdue, "A deadline expired while it was open.")
        .def_readwrite("written_agreement", &Case::written_agreement, "The last agreement was written.")
        .def_readwrite("threat", &Case::threat, "A threat of violence or self-harm was recorded.")
        .def_readwrite("violence_history", &Case::violence_history, "A party has a record of violence in disputes.")
        .def_readwrite("jurisdiction", &Case::jurisdiction, "Where it is handled now (its level).")
        .def_readwrite("origin", &Case::origin, "Where it was reported.")
        .def_readwrite("version", &Case::version, "Number of journal records applied to it.")
        .def_readwrite("sessions", &Case::sessions, "Mediation sessions held, all levels.")
        .def_readwrite("level_sessions", &Case::level_sessions, "Mediation sessions held at the current jurisdiction.")
        .def_readwrite("failures", &Case::failures, "Times mediation failed (including expiries).")
        .def_readwrite("escalations", &Case::escalations, "Times it moved up a level.")
        .def_readwrite("policy_version", &Case::policy_version,
                       "Index into the engine's policy versions (Engine.policy_version(case) gives the name).")
        .def_readwrite("parties", &Case::parties, "Number of parties.")
        .def_readwrite("repeats", &Case::repeats, "Earlier reports of the same dispute (0 for a first report).")
        .def_readwrite("claimed_amount", &Case::claimed_amount, "Amount in dispute, in fen (0.01 yuan).")
        .def_readwrite("reported_at", &Case::reported_at, "When it was reported.")
        .def_readwrite("state_since", &Case::state_since, "When it entered its current state or level.")
        .def_readwrite("deadline", &Case::deadline, "When the current time limit expires (None: no limit).")
        .def_readwrite("warn_at", &Case::warn_at, "When to warn before the deadline (None: no warning).")
        .def_readwrite("closed_at", &Case::closed_at, "When it reached a final state (None while open).")
        .def_readwrite("mediators", &Case::mediators, "Ids of who is mediating it now (up to four).")
        .def_property_readonly("open", &Case::open, "True while the case is being handled.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", &case_repr);
}

}  // namespace fengqiao::python
