// Journals: the record type, the in-memory journal and the durable SQLite journal.
#include "bindings.hpp"

namespace fengqiao::python {
namespace {

std::vector<JournalRecord> committed(const Journal& j) {
    std::vector<JournalRecord> out;
    out.reserve(static_cast<std::size_t>(j.size()));
    j.for_each([&out](const JournalRecord& r) { out.push_back(r); });
    return out;
}

std::string record_repr(const JournalRecord& r) {
    std::string out = "JournalRecord(sequence=" + std::to_string(r.sequence) +
                      ", case_id=" + std::to_string(r.case_id.value()) + ", command=" +
                      std::string(to_string(r.command_kind()));
    if (r.kind == RecordKind::refused) return out + ", refused)";
    return out + ", " + std::string(to_string(r.from)) + " -> " + std::string(to_string(r.to)) + ")";
}

}  // namespace

void register_journal(py::module_& m) {
    py::class_<JournalRecord>(m, "JournalRecord",
                              "One entry of the journal: an accepted command with the effects the policies decided, "
                              "or a refused attempt (a copy).")
        .def_readonly("sequence", &JournalRecord::sequence, "Position in the whole journal, from 1.")
        .def_readonly("case_id", &JournalRecord::case_id, "The case (None for a refused report).")
        .def_readonly("case_sequence", &JournalRecord::case_sequence,
                      "Applied: the case's version after it; refused: its version at the time.")
        .def_readonly("kind", &JournalRecord::kind, "applied or refused (RecordKind).")
        .def_property_readonly(
            "refusal",
            [](const JournalRecord& r) -> py::object {
                return r.kind == RecordKind::refused ? enum_member(r.refusal) : py::object(py::none());
            },
            "Why it was refused (ErrorCode), or None for an applied record.")
        .def_readonly("from_state", &JournalRecord::from, "State before.")
        .def_readonly("to_state", &JournalRecord::to, "State after.")
        .def_readonly("risk_after", &JournalRecord::risk_after, "Risk grade after.")
        .def_readonly("route_after", &JournalRecord::route_after, "Referral route after.")
        .def_readonly("time", &JournalRecord::time, "When the engine applied it.")
        .def_readonly("actor", &JournalRecord::actor,
                      "Who issued it (fengqiao.SYSTEM_ACTOR for timers and automatic moves).")
        .def_readonly("jurisdiction_before", &JournalRecord::jurisdiction_before, "Level before.")
        .def_readonly("jurisdiction_after", &JournalRecord::jurisdiction_after, "Level after.")
        .def_readonly("deadline", &JournalRecord::deadline, "The case's deadline after (None: none).")
        .def_readonly("warn_at", &JournalRecord::warn_at, "The case's deadline warning after (None: none).")
        .def_readonly("command", &JournalRecord::command, "The resolved command with its payload.")
        .def_property_readonly("command_kind", &JournalRecord::command_kind, "Which command (CommandKind).")
        .def_readonly("reason", &JournalRecord::reason, "The policy's reason, or the refusal message.")
        .def_readonly("request_id", &JournalRecord::request_id, "The caller's request id, if any.")
        .def_readonly("policy_version", &JournalRecord::policy_version, "The policy-set version (reports only).")
        .def("__repr__", &record_repr);

    py::class_<Journal, std::shared_ptr<Journal>>(m, "Journal",
                                                  "Where an engine's records go: MemoryJournal or SqliteJournal.")
        .def("__len__", [](const Journal& j) { return j.size(); }, "Number of records, committed or not.")
        .def("records", &committed, "Every committed record in sequence order (list of JournalRecord).")
        .def("__iter__", [](const Journal& j) { return py::iter(py::cast(committed(j))); },
             "Iterates over the committed records in sequence order.")
        .def("history", &Journal::history, py::arg("case_id"), "The records of one case in sequence order.");

    py::class_<MemoryJournal, Journal, std::shared_ptr<MemoryJournal>>(
        m, "MemoryJournal", "A journal kept in memory: for tests, simulations and analyses that need no durability.")
        .def(py::init<>(), "An empty journal.");

    py::class_<DigestJournal, Journal, std::shared_ptr<DigestJournal>>(
        m, "DigestJournal",
        "A journal that keeps no records, only their count and a SHA-256 digest of their encoded form: for runs "
        "at scale that need no history, and for proving two runs wrote the same journal. With an `inner` journal "
        "it passes every record on (history then comes from the inner journal).")
        .def(py::init([](const std::shared_ptr<Journal>& inner, bool hash) {
                 return std::make_shared<DigestJournal>(inner, hash);
             }),
             py::arg("inner") = py::none(), py::kw_only(), py::arg("hash") = true,
             "A digest alone, or in front of `inner`; with hash=False it only counts records (fastest).")
        .def_property_readonly("digest", &DigestJournal::digest,
                               "The SHA-256 of every committed record, as 64 hex digits (empty with hash=False).");

    py::class_<SqliteJournal, Journal, std::shared_ptr<SqliteJournal>>(
        m, "SqliteJournal",
        "A journal in one SQLite file (WAL mode) with a hash chain per case; an engine built on a file that "
        "holds records recovers every case from it.")
        .def(py::init([](const py::object& path, Durability durability, bool read_only, long long checkpoint_every) {
                 SqliteJournalOptions o;
                 o.durability = durability;
                 o.read_only = read_only;
                 o.checkpoint_every = count_arg(checkpoint_every, "checkpoint_every");
                 return std::make_shared<SqliteJournal>(path_text(path), o);
             }),
             py::arg("path"), py::kw_only(), py::arg("durability") = Durability::every_command,
             py::arg("read_only") = false, py::arg("checkpoint_every") = 0,
             "Opens `path` (a str or path-like), creating an empty journal if the file does not exist. Raises "
             "fengqiao.JournalCorrupt for a damaged or foreign file, fengqiao.StorageError if it cannot be opened.")
        .def_property_readonly("path", &SqliteJournal::path, "The file.")
        .def_property_readonly("durability", &SqliteJournal::durability, "The durability setting (Durability).")
        .def("checkpoint", &SqliteJournal::checkpoint,
             "Writes every commit so far to the file and syncs it, whatever the durability setting.")
        .def("__enter__", [](const py::object& self) { return self; },
             "Used in a with-statement: `with fq.SqliteJournal(path, durability=...) as journal:`.")
        .def(
            "__exit__",
            [](SqliteJournal& j, const py::object& type, const py::object&, const py::object&) {
                // On the way out of the block the commits so far reach the file (with durability
                // on_checkpoint they would otherwise wait for the journal to be freed).
                if (type.is_none()) j.checkpoint();
                return false;
            },
            "Checkpoints the journal when the with-block ends normally; an exception from the block propagates.")
        .def("attribute", &SqliteJournal::attribute, py::arg("key"),
             "A value stored with the journal under `key` (empty if none).")
        .def("set_attribute", &SqliteJournal::set_attribute, py::arg("key"), py::arg("value"),
             "Stores `value` under `key`, durably.");

    py::class_<JournalVerification>(m, "JournalVerification", "What verify_journal() found.")
        .def_readonly("intact", &JournalVerification::intact, "No record was altered or removed.")
        .def_readonly("records", &JournalVerification::records, "Records checked.")
        .def_readonly("cases", &JournalVerification::cases, "Cases whose chains were checked.")
        .def_readonly("first_bad", &JournalVerification::first_bad,
                      "Sequence of the first record altered or removed (0 if intact).")
        .def_property_readonly("digest", [](const JournalVerification& v) { return to_hex(v.digest); },
                               "Running SHA-256 over every record's hash, in hexadecimal: keep it to detect a later "
                               "rewrite or truncation.")
        .def_readonly("message", &JournalVerification::message, "What is wrong, or a one-line summary.")
        .def("__bool__", [](const JournalVerification& v) { return v.intact; }, "True if intact.")
        .def("__repr__", [](const JournalVerification& v) { return "JournalVerification(" + v.message + ")"; });

    m.def(
        "verify_journal",
        [](const py::object& path) {
            return verify_journal(path_text(path));
        },
        py::arg("path"),
        "Checks a SQLite journal's structure, sequence, content and hash chains without modifying it.");
}

}  // namespace fengqiao::python
