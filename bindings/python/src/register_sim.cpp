// The simulator for Python: scenario JSON in, NumPy columns out. fengqiao/sim.py builds the analyst's
// objects (Scenario, Results, plots, sweeps) on top of this one entry point.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>

#include "bindings.hpp"
#include <fengqiao/sim/simulator.hpp>

namespace fengqiao::python {
namespace {

template <class T, class F>
py::array_t<T> column(const std::vector<sim::CaseRecord>& rows, F field) {
    py::array_t<T> out(static_cast<py::ssize_t>(rows.size()));
    auto v = out.template mutable_unchecked<1>();
    for (std::size_t i = 0; i < rows.size(); ++i) v(static_cast<py::ssize_t>(i)) = field(rows[i]);
    return out;
}

py::dict summary_dict(const sim::Summary& s) {
    py::dict d;
    d["reported"] = s.reported;
    d["open_at_end"] = s.open_at_end;
    for (auto t : enum_values<Tier>()) {
        d[py::str("resolved_" + std::string(to_string(t)))] = s.resolved_by_tier[static_cast<std::size_t>(t)];
    }
    d["referred"] = s.referred;
    for (auto r : enum_values<ReferralRoute>()) {
        if (r != ReferralRoute::none) {
            d[py::str("referred_" + std::string(to_string(r)))] = s.referred_by_route[static_cast<std::size_t>(r)];
        }
    }
    d["withdrawn"] = s.withdrawn;
    d["rejected"] = s.rejected;
    d["overdue"] = s.overdue;
    d["escalations"] = s.escalations;
    d["waited_for_mediator"] = s.waited_for_mediator;
    for (auto t : enum_values<Tier>()) {
        d[py::str("waited_" + std::string(to_string(t)))] = s.waited_by_tier[static_cast<std::size_t>(t)];
    }
    d["refused_commands"] = s.refused_commands;
    d["resolved_at_or_below_township"] = s.resolved_at_or_below_township;
    d["days_to_resolution_p50"] = s.days_to_resolution_p50;
    d["days_to_resolution_p90"] = s.days_to_resolution_p90;
    d["days_to_resolution_p99"] = s.days_to_resolution_p99;
    d["journal_records"] = s.journal_records;
    return d;
}

template <class T>
py::array_t<T> array_of(const std::vector<T>& v) {
    return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

// The events of a run, kept as they are appended: the few columns Results.events shows (about 25 bytes
// a record) instead of whole records with their text. It serves a simulation's engine only, which
// appends, commits and rolls back; the records themselves are not kept, so there is nothing to read
// back (for_each and history refuse).
class EventColumns final : public Journal {
public:
    explicit EventColumns(const JurisdictionTree& tree) : tree_(tree) {}

    void append(const JournalRecord& r, const Case&, const CaseFile&) override {
        time_.push_back(r.time.time_since_epoch().count());
        case_.push_back(r.case_id.value());
        actor_.push_back(r.actor.value());
        command_.push_back(static_cast<std::uint8_t>(r.command_kind()));
        from_.push_back(static_cast<std::uint8_t>(r.from));
        to_.push_back(static_cast<std::uint8_t>(r.to));
        level_before_.push_back(static_cast<std::uint8_t>(tree_.tier(r.jurisdiction_before)));
        level_after_.push_back(static_cast<std::uint8_t>(tree_.tier(r.jurisdiction_after)));
        applied_.push_back(r.kind == RecordKind::applied);
    }
    void commit() override { committed_ = time_.size(); }
    void rollback() override {
        for_columns([this](auto& column) { column.resize(committed_); });
    }
    [[nodiscard]] std::uint64_t size() const override { return time_.size(); }
    void for_each(const std::function<void(const JournalRecord&)>&) const override { refuse(); }
    [[nodiscard]] std::vector<JournalRecord> history(CaseId) const override { refuse(); }

    py::dict columns() const {
        py::dict d;
        d["time"] = array_of(time_);
        d["case"] = array_of(case_);
        d["actor"] = array_of(actor_);
        d["command"] = array_of(command_);
        d["from_state"] = array_of(from_);
        d["to_state"] = array_of(to_);
        d["level_before"] = array_of(level_before_);
        d["level_after"] = array_of(level_after_);
        d["applied"] = array_of(applied_);
        return d;
    }

private:
    [[noreturn]] static void refuse() {
        throw Exception(ErrorCode::invalid_argument, "a simulation's event columns keep no records to read back");
    }
    template <class F>
    void for_columns(F f) {
        f(time_), f(case_), f(actor_), f(command_), f(from_), f(to_), f(level_before_), f(level_after_), f(applied_);
    }

    const JurisdictionTree& tree_;
    std::size_t committed_ = 0;
    std::vector<std::int64_t> time_;
    std::vector<std::uint32_t> case_, actor_;
    std::vector<std::uint8_t> command_, from_, to_, level_before_, level_after_, applied_;
};

py::dict run_scenario(const std::string& json, const std::string& source, const std::string& base_dir,
                      std::uint64_t seed, std::uint32_t replication, std::optional<std::uint32_t> days, bool events,
                      bool digest, const std::optional<std::function<void(double)>>& progress) {
    sim::Scenario scenario = sim::parse_scenario(json, source, base_dir, days);
    sim::RunOptions options;
    options.seed = seed;
    options.replication = replication;
    options.days = days;
    options.digest = digest;
    auto journal = events ? std::make_shared<EventColumns>(scenario.county.jurisdictions) : nullptr;
    options.journal = journal;
    if (progress && *progress) {
        const auto& callback = *progress;
        options.progress = [&callback](double done) {
            py::gil_scoped_acquire gil;  // the run itself calls no Python
            callback(done);
        };
    }
    sim::Result result;
    {
        py::gil_scoped_release released;
        result = sim::run(scenario, options);
    }
    const auto& tree = scenario.county.jurisdictions;
    const auto& rows = result.cases;
    py::dict cases;
    cases["case"] = column<std::uint32_t>(rows, [](const auto& r) { return r.id.value(); });
    cases["category"] = column<std::uint8_t>(rows, [](const auto& r) { return static_cast<std::uint8_t>(r.category); });
    cases["channel"] = column<std::uint8_t>(rows, [](const auto& r) { return static_cast<std::uint8_t>(r.channel); });
    cases["origin"] = column<std::uint32_t>(rows, [](const auto& r) { return r.origin.value(); });
    cases["final_jurisdiction"] = column<std::uint32_t>(rows, [](const auto& r) { return r.final_jurisdiction.value(); });
    cases["level"] = column<std::uint8_t>(rows, [&tree](const auto& r) { return static_cast<std::uint8_t>(tree.tier(r.final_jurisdiction)); });
    cases["levels_visited"] = column<std::uint16_t>(rows, [](const auto& r) { return r.levels_visited; });
    cases["tiers_reached"] = column<std::uint8_t>(rows, [](const auto& r) { return r.tiers_reached; });
    cases["state"] = column<std::uint8_t>(rows, [](const auto& r) { return static_cast<std::uint8_t>(r.state); });
    cases["outcome"] = column<std::uint8_t>(rows, [](const auto& r) { return static_cast<std::uint8_t>(r.outcome); });
    cases["route"] = column<std::uint8_t>(rows, [](const auto& r) { return static_cast<std::uint8_t>(r.route); });
    cases["days_open"] = column<double>(rows, [](const auto& r) { return r.days_open; });
    cases["sessions"] = column<std::uint16_t>(rows, [](const auto& r) { return r.sessions; });
    cases["overdue"] = column<bool>(rows, [](const auto& r) { return r.overdue; });
    cases["risk"] = column<std::uint8_t>(rows, [](const auto& r) { return static_cast<std::uint8_t>(r.risk); });

    py::array_t<std::uint32_t> backlog({static_cast<py::ssize_t>(result.backlog.size()), static_cast<py::ssize_t>(sim::tier_count)});
    auto b = backlog.mutable_unchecked<2>();
    for (std::size_t d = 0; d < result.backlog.size(); ++d) {
        for (std::size_t t = 0; t < sim::tier_count; ++t) b(static_cast<py::ssize_t>(d), static_cast<py::ssize_t>(t)) = result.backlog[d].open_by_tier[t];
    }
    py::list utilization;
    for (const auto& u : result.utilization) {
        const JurisdictionId township = tree.nearest_of_tier(u.jurisdiction, Tier::township);
        utilization.append(py::make_tuple(tree[u.jurisdiction].code, py::str(tree[u.jurisdiction].name),
                                          enum_member(tree.tier(u.jurisdiction)),
                                          township.valid() ? py::str(tree[township].name) : py::str(""),
                                          u.mediators, u.busy));
    }
    py::dict names;
    for (const auto& j : tree.nodes()) names[py::int_(j.id.value())] = py::make_tuple(j.code, py::str(j.name));

    py::dict out;
    out["summary"] = summary_dict(result.summary);
    out["cases"] = cases;
    out["backlog"] = backlog;
    out["utilization"] = utilization;
    out["jurisdictions"] = names;
    out["digest"] = result.journal_digest;
    out["start"] = scenario.start.time_since_epoch().count();
    out["name"] = py::str(scenario.name);
    if (journal) out["events"] = journal->columns();
    return out;
}

}  // namespace

void register_sim(py::module_& m) {
    m.attr("_sim_max_days") = sim::max_days;  // the longest run, checked by fengqiao.sim before a run
    m.def("_sim_run", &run_scenario, py::arg("json"), py::arg("source"), py::arg("base_dir"), py::arg("seed"),
          py::arg("replication"), py::arg("days"), py::arg("events"), py::arg("digest"), py::arg("progress"),
          "Runs a scenario given as JSON text (used by fengqiao.sim.Scenario.run). Raises fengqiao.ConfigError "
          "with the JSON path of the first problem in the scenario.");
    m.def(
        "_sim_check",
        [](const std::string& json, const std::string& source, const std::string& base_dir) {
            (void)sim::parse_scenario(json, source, base_dir);
        },
        py::arg("json"), py::arg("source"), py::arg("base_dir"),
        "Checks scenario JSON text; raises fengqiao.ConfigError with the JSON path of the first problem.");
}

}  // namespace fengqiao::python
