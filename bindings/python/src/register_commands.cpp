// The commands actors issue, one Python class each, plus the Command union they travel in.
#include <sstream>

#include "bindings.hpp"

namespace fengqiao::python {
namespace {

std::string repr_text(const std::string& s) { return py::repr(py::str(s)); }

// Registers the class for command C with its kind property; the caller adds fields.
template <class C>
py::class_<C> command_class(py::module_& m, const char* name, const char* doc) {
    py::class_<C> cls(m, name, doc);
    cls.def_property_readonly(
        "kind", [](const C&) { return static_cast<CommandKind>(Command(C{}).index()); },
        "Which command this is (CommandKind).");
    return cls;
}

template <class C>
void simple_repr(py::class_<C>& cls, const char* name) {
    const std::string text = std::string(name) + "()";
    cls.def("__repr__", [text](const C&) { return text; });
}

template <class C>
void text_field_repr(py::class_<C>& cls, const char* name, std::string C::*field, const char* field_name) {
    const std::string head = std::string(name) + "(" + field_name + "=";
    cls.def("__repr__", [head, field](const C& c) { return head + repr_text(c.*field) + ")"; });
}

}  // namespace

void register_commands(py::module_& m) {
    auto report = command_class<Report>(m, "Report", "Registers a new dispute; creates a case in state reported.");
    report
        .def(py::init([](JurisdictionId jurisdiction, Category category, Channel channel, std::int64_t claimed_amount,
                         RiskGrade risk, std::vector<Party> parties, std::uint16_t unnamed_parties,
                         std::string summary, bool threat, bool violence_history, CaseId repeat_of) {
                 Report r;
                 r.jurisdiction = jurisdiction;
                 r.category = category;
                 r.channel = channel;
                 r.claimed_amount = claimed_amount;
                 r.risk = risk;
                 r.parties = std::move(parties);
                 r.unnamed_parties = unnamed_parties;
                 r.summary = std::move(summary);
                 r.threat = threat;
                 r.violence_history = violence_history;
                 r.repeat_of = repeat_of;
                 return r;
             }),
             py::arg("jurisdiction"), py::kw_only(), py::arg("category") = Category::other,
             py::arg("channel") = Channel::walk_in, py::arg("claimed_amount") = 0, py::arg("risk") = RiskGrade::blue,
             py::arg("parties") = std::vector<Party>{}, py::arg("unnamed_parties") = 0, py::arg("summary") = "", py::arg("threat") = false,
             py::arg("violence_history") = false, py::arg("repeat_of") = py::none(),
             "A report at `jurisdiction` (an id). `claimed_amount` is in fen (0.01 yuan).")
        .def_readwrite("jurisdiction", &Report::jurisdiction, "Where the dispute arose.")
        .def_readwrite("category", &Report::category, "What it is about (Category).")
        .def_readwrite("channel", &Report::channel, "How it reached the system (Channel).")
        .def_readwrite("claimed_amount", &Report::claimed_amount, "Amount in dispute, in fen; 0 if none.")
        .def_readwrite("risk", &Report::risk, "Grade at intake (RiskGrade).")
        .def_readwrite("parties", &Report::parties, "The parties known by name at intake (list of Party).")
        .def_readwrite("unnamed_parties", &Report::unnamed_parties,
                       "Further parties not recorded by name (counted in Case.parties).")
        .def_readwrite("summary", &Report::summary, "Free text.")
        .def_readwrite("threat", &Report::threat, "A party has threatened violence or self-harm.")
        .def_readwrite("violence_history", &Report::violence_history, "A party has a record of violence in disputes.")
        .def_readwrite("repeat_of", &Report::repeat_of, "An earlier case about the same dispute, if any.")
        .def("__repr__", [](const Report& r) {
            return "Report(jurisdiction=" + std::to_string(r.jurisdiction.value()) +
                   ", category=" + std::string(to_string(r.category)) + ", summary=" + repr_text(r.summary) + ")";
        });

    auto accept = command_class<Accept>(m, "Accept", "Takes up a reported case at its current jurisdiction.");
    accept.def(py::init<>(), "The command.");
    simple_repr(accept, "Accept");

    auto reject = command_class<Reject>(m, "Reject", "Declines a reported case (already before a court, ...).");
    reject.def(py::init([](std::string reason) { return Reject{std::move(reason)}; }), py::arg("reason") = "",
               "The command, with why.")
        .def_readwrite("reason", &Reject::reason, "Why, in words.");
    text_field_repr(reject, "Reject", &Reject::reason, "reason");

    auto assign = command_class<Assign>(m, "Assign",
                                        "Starts mediation; with no mediators named, the assignment policy picks them.");
    assign
        .def(py::init([](std::vector<ActorId> mediators) { return Assign{std::move(mediators)}; }),
             py::arg("mediators") = std::vector<ActorId>{}, "The command, naming up to four mediators (ids) or none.")
        .def_readwrite("mediators", &Assign::mediators, "Mediator ids; empty lets the policy choose.")
        .def("__repr__", [](const Assign& a) {
            std::string out = "Assign(mediators=[";
            for (std::size_t i = 0; i < a.mediators.size(); ++i) {
                out += (i ? ", " : "") + std::to_string(a.mediators[i].value());
            }
            return out + "])";
        });

    auto session = command_class<HoldSession>(m, "HoldSession", "Records a mediation session (the state stays mediating).");
    session.def(py::init([](std::string note) { return HoldSession{std::move(note)}; }), py::arg("note") = "",
                "The command, with what happened.")
        .def_readwrite("note", &HoldSession::note, "What happened.");
    text_field_repr(session, "HoldSession", &HoldSession::note, "note");

    auto agree = command_class<ReachAgreement>(m, "ReachAgreement", "Records a mediation agreement.");
    agree
        .def(py::init([](std::string terms, bool written) { return ReachAgreement{std::move(terms), written}; }),
             py::arg("terms") = "", py::arg("written") = true,
             "The command; only a written agreement can be judicially confirmed.")
        .def_readwrite("terms", &ReachAgreement::terms, "The terms agreed.")
        .def_readwrite("written", &ReachAgreement::written, "A written agreement (True) or an oral one.")
        .def("__repr__", [](const ReachAgreement& a) {
            return "ReachAgreement(terms=" + repr_text(a.terms) + ", written=" + (a.written ? "True" : "False") + ")";
        });

    auto fail = command_class<Fail>(m, "Fail", "Records that mediation failed at this level.");
    fail.def(py::init([](std::string reason) { return Fail{std::move(reason)}; }), py::arg("reason") = "",
             "The command, with why.")
        .def_readwrite("reason", &Fail::reason, "Why, in words.");
    text_field_repr(fail, "Fail", &Fail::reason, "reason");

    auto expire = command_class<Expire>(m, "Expire", "Issued by the engine when a deadline passes; actors cannot issue it.");
    expire.def(py::init<>(), "The command (appears in journals; submitting it is refused).");
    simple_repr(expire, "Expire");

    auto escalate = command_class<Escalate>(
        m, "Escalate", "Sends a failed case up: the escalation policy picks the ancestor, or refers it out at the top.");
    escalate.def(py::init([](std::string note) { return Escalate{std::move(note)}; }), py::arg("note") = "",
                 "The command, with an optional remark.")
        .def_readwrite("note", &Escalate::note, "Optional remark by the actor.");
    text_field_repr(escalate, "Escalate", &Escalate::note, "note");

    auto refer = command_class<Refer>(m, "Refer", "Sends a case out of mediation along a route.");
    refer
        .def(py::init([](ReferralRoute route, std::string reason) { return Refer{route, std::move(reason)}; }),
             py::arg("route") = ReferralRoute::litigation, py::arg("reason") = "", "The command.")
        .def_readwrite("route", &Refer::route, "Where it goes (ReferralRoute).")
        .def_readwrite("reason", &Refer::reason, "Why, in words.")
        .def("__repr__", [](const Refer& r) {
            return "Refer(route=" + std::string(to_string(r.route)) + ", reason=" + repr_text(r.reason) + ")";
        });

    auto apply = command_class<ApplyConfirmation>(
        m, "ApplyConfirmation", "Applies for judicial confirmation of the agreement (People's Mediation Law art. 33).");
    apply.def(py::init<>(), "The command.");
    simple_repr(apply, "ApplyConfirmation");

    auto granted = command_class<ConfirmationGranted>(m, "ConfirmationGranted", "The court confirmed the agreement.");
    granted.def(py::init<>(), "The command.");
    simple_repr(granted, "ConfirmationGranted");

    auto denied = command_class<ConfirmationDenied>(m, "ConfirmationDenied",
                                                    "The court declined to confirm; mediation resumes.");
    denied.def(py::init([](std::string reason) { return ConfirmationDenied{std::move(reason)}; }),
               py::arg("reason") = "", "The command, with the court's reason.")
        .def_readwrite("reason", &ConfirmationDenied::reason, "The court's reason.");
    text_field_repr(denied, "ConfirmationDenied", &ConfirmationDenied::reason, "reason");

    auto follow = command_class<StartFollowUp>(m, "StartFollowUp",
                                               "Starts follow-up of an agreement without judicial confirmation.");
    follow.def(py::init<>(), "The command.");
    simple_repr(follow, "StartFollowUp");

    auto fulfil = command_class<RecordFulfilment>(
        m, "RecordFulfilment", "Records whether the agreement was fulfilled: closes the case, or reopens mediation.");
    fulfil
        .def(py::init([](bool fulfilled, std::string note) { return RecordFulfilment{fulfilled, std::move(note)}; }),
             py::arg("fulfilled") = true, py::arg("note") = "", "The command.")
        .def_readwrite("fulfilled", &RecordFulfilment::fulfilled, "True closes the case as resolved.")
        .def_readwrite("note", &RecordFulfilment::note, "What the follow-up visit found.")
        .def("__repr__", [](const RecordFulfilment& r) {
            return std::string("RecordFulfilment(fulfilled=") + (r.fulfilled ? "True" : "False") +
                   ", note=" + repr_text(r.note) + ")";
        });

    auto close = command_class<Close>(m, "Close", "Closes a referred case with how it ended elsewhere.");
    close
        .def(py::init([](Outcome outcome, std::string note) { return Close{outcome, std::move(note)}; }),
             py::arg("outcome") = Outcome::decided_elsewhere, py::arg("note") = "",
             "The command; `outcome` is decided_elsewhere, settled_elsewhere or abandoned.")
        .def_readwrite("outcome", &Close::outcome, "How it ended (Outcome).")
        .def_readwrite("note", &Close::note, "Optional remark.")
        .def("__repr__", [](const Close& c) {
            return "Close(outcome=" + std::string(to_string(c.outcome)) + ", note=" + repr_text(c.note) + ")";
        });

    auto withdraw = command_class<Withdraw>(m, "Withdraw", "The applicant withdraws; the case ends.");
    withdraw.def(py::init([](std::string reason) { return Withdraw{std::move(reason)}; }), py::arg("reason") = "",
                 "The command, with an optional reason.")
        .def_readwrite("reason", &Withdraw::reason, "Optional reason.");
    text_field_repr(withdraw, "Withdraw", &Withdraw::reason, "reason");

    auto raise = command_class<RaiseRisk>(m, "RaiseRisk", "Raises the case's risk grade; red acts at once.");
    raise
        .def(py::init([](RiskGrade grade, std::string reason, bool threat) {
                 return RaiseRisk{grade, std::move(reason), threat};
             }),
             py::arg("grade") = RiskGrade::yellow, py::arg("reason") = "", py::arg("threat") = false, "The command.")
        .def_readwrite("grade", &RaiseRisk::grade, "The grade observed (RiskGrade).")
        .def_readwrite("reason", &RaiseRisk::reason, "What was observed.")
        .def_readwrite("threat", &RaiseRisk::threat, "A threat was made (sets the case's threat flag).")
        .def("__repr__", [](const RaiseRisk& r) {
            return "RaiseRisk(grade=" + std::string(to_string(r.grade)) + ", reason=" + repr_text(r.reason) +
                   (r.threat ? ", threat=True)" : ")");
        });

    auto risk_escalation = command_class<RiskEscalation>(
        m, "RiskEscalation", "Issued by the engine when a rise in risk makes the escalation policy move a case at once.");
    risk_escalation.def(py::init<>(), "The command (appears in journals; submitting it is refused).");
    simple_repr(risk_escalation, "RiskEscalation");

    m.def("takes", &takes, py::arg("state"), py::arg("command"),
          "True if a case in `state` takes `command` (ignoring guards).");
    m.def("commands_taken", &commands_taken, py::arg("state"), "The commands `state` takes, as 'accept, reject, ...'.");
    m.def("engine_only", &engine_only, py::arg("command"), "True for commands only the engine issues.");
    m.def("lifecycle_dot", &lifecycle_dot, "The lifecycle as a Graphviz digraph, drawn from the transition table.");
    m.def("lifecycle_mermaid", &lifecycle_mermaid, "The lifecycle as a Mermaid state diagram.");
    m.def(
        "transition_table",
        [] {
            py::list rows;
            for (const auto& r : transition_table()) {
                rows.append(py::dict(py::arg("initial") = r.initial,
                                     py::arg("from_state") = r.initial ? py::object(py::none()) : py::cast(r.from),
                                     py::arg("command") = r.command, py::arg("to_state") = r.to,
                                     py::arg("internal") = r.internal, py::arg("guard") = std::string(r.guard)));
            }
            return rows;
        },
        "Every row of the lifecycle machine as a dict (initial, from_state, command, to_state, internal, guard).");
}

}  // namespace fengqiao::python
