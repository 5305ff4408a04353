// The JSON-lines command and export format (docs/json-commands.md).
#include "fengqiao/store/json_lines.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <type_traits>
#include <variant>

#include "../config/json_field.hpp"
#include "fengqiao/sim/scenario.hpp"
#include "hash_chain.hpp"
#include "record_codec.hpp"

namespace fengqiao {
namespace {

using Json = nlohmann::json;
using Out = nlohmann::ordered_json;  // keys in the order a reader expects them
using config::Field;

constexpr std::string_view advance_clock = "advance-clock";
constexpr std::string_view system_code = "system";

std::string dump(const Out& j) { return j.dump(-1, ' ', false, Out::error_handler_t::replace); }

Out time_value(TimePoint t) { return t == no_time ? Out(nullptr) : Out(format_time(t)); }

class Decoder {
public:
    Decoder(const JurisdictionTree& tree, const Roster& roster) : tree_(tree), roster_(roster) {}

    TimePoint time(const Field& f) const {
        const std::string s = f.text();
        if (auto t = parse_time(s)) return *t;
        f.fail("expected a time in ISO 8601, e.g. \"2025-03-01T09:30:00+08:00\" or \"2025-03-01\", got \"" + s + "\"");
    }

    std::optional<TimePoint> optional_time(const Field& f) const {
        if (f.json().is_null()) return std::nullopt;
        return time(f);
    }

    JurisdictionId jurisdiction(const Field& f) const {
        if (f.json().is_number_integer()) {
            const auto id = JurisdictionId(static_cast<std::uint32_t>(f.integer(1, 0xFFFFFFFF)));
            if (!tree_.contains(id)) f.fail("no jurisdiction has id " + std::to_string(id.value()));
            return id;
        }
        const std::string code = f.text();
        const JurisdictionId id = tree_.find_code(code);
        if (!id.valid()) {
            f.fail("unknown jurisdiction '" + code + "' (expected the code of one of the county's " +
                   std::to_string(tree_.size()) + " jurisdictions, e.g. '" +
                   (tree_.size() ? tree_.nodes().front().code : std::string()) + "')");
        }
        return id;
    }

    ActorId actor(const Field& f, bool allow_system) const {
        if (f.json().is_number_integer()) {
            const auto id = ActorId(static_cast<std::uint32_t>(f.integer(1, 0xFFFFFFFF)));
            if (allow_system && id == system_actor) return id;
            if (!roster_.contains(id)) f.fail("no actor has id " + std::to_string(id.value()));
            return id;
        }
        const std::string code = f.text();
        const ActorId id = roster_.find_code(code);
        if (id.valid()) return id;
        if (allow_system && code == system_code) return system_actor;
        f.fail("unknown actor '" + code + "' (expected the code of one of the county's " +
               std::to_string(roster_.size()) + " actors" + (allow_system ? ", or \"system\"" : "") + ")");
    }

    static CaseId case_id(const Field& f) { return CaseId(static_cast<std::uint32_t>(f.integer(1, 0xFFFFFFFF))); }

    static std::string text_or(const Field& f, std::string_view key) {
        if (auto v = f.find(key)) return v->text();
        return {};
    }

    Command payload(CommandKind kind, const std::optional<Field>& p, const Field& line) const {
        Command command = store::empty_command(kind);
        // Commands without fields take an absent or empty payload.
        const Json empty = Json::object();
        const Field f = p ? *p : Field(empty, "/payload", nullptr);
        std::visit(
            [&](auto& c) {
                using C = std::decay_t<decltype(c)>;
                if constexpr (std::is_same_v<C, Report>) {
                    if (!p) line.fail("missing required field 'payload' (a report needs at least a jurisdiction)");
                    f.object({"jurisdiction", "category", "channel", "claimed_amount", "risk", "parties",
                              "unnamed_parties", "summary", "threat", "violence_history", "repeat_of"});
                    c.jurisdiction = jurisdiction(f.at("jurisdiction"));
                    if (auto v = f.find("category")) c.category = v->name<Category>();
                    if (auto v = f.find("channel")) c.channel = v->name<Channel>();
                    if (auto v = f.find("claimed_amount")) {
                        c.claimed_amount = v->integer(std::numeric_limits<std::int64_t>::min(),
                                                      std::numeric_limits<std::int64_t>::max());
                    }
                    if (auto v = f.find("risk")) c.risk = v->name<RiskGrade>();
                    if (auto v = f.find("parties")) {
                        for (const Field& party : v->elements()) {
                            party.object({"name", "side", "organisation"});
                            Party q;
                            q.name = party.at("name").text();
                            if (auto s = party.find("side")) q.side = s->name<Side>();
                            if (auto o = party.find("organisation")) q.organisation = o->boolean();
                            c.parties.push_back(std::move(q));
                        }
                    }
                    if (auto v = f.find("unnamed_parties")) c.unnamed_parties = static_cast<std::uint16_t>(v->integer(0, 0xFFFF));
                    c.summary = text_or(f, "summary");
                    if (auto v = f.find("threat")) c.threat = v->boolean();
                    if (auto v = f.find("violence_history")) c.violence_history = v->boolean();
                    if (auto v = f.find("repeat_of")) c.repeat_of = case_id(*v);
                } else if constexpr (std::is_same_v<C, Reject> || std::is_same_v<C, Fail> ||
                                     std::is_same_v<C, ConfirmationDenied> || std::is_same_v<C, Withdraw>) {
                    f.object({"reason"});
                    c.reason = text_or(f, "reason");
                } else if constexpr (std::is_same_v<C, Assign>) {
                    f.object({"mediators"});
                    if (auto v = f.find("mediators")) {
                        for (const Field& m : v->elements()) c.mediators.push_back(actor(m, false));
                    }
                } else if constexpr (std::is_same_v<C, HoldSession> || std::is_same_v<C, Escalate>) {
                    f.object({"note"});
                    c.note = text_or(f, "note");
                } else if constexpr (std::is_same_v<C, ReachAgreement>) {
                    f.object({"terms", "written"});
                    c.terms = text_or(f, "terms");
                    if (auto v = f.find("written")) c.written = v->boolean();
                } else if constexpr (std::is_same_v<C, Refer>) {
                    f.object({"route", "reason"});
                    c.route = f.at("route").name<ReferralRoute>();
                    c.reason = text_or(f, "reason");
                } else if constexpr (std::is_same_v<C, RecordFulfilment>) {
                    f.object({"fulfilled", "note"});
                    c.fulfilled = f.at("fulfilled").boolean();
                    c.note = text_or(f, "note");
                } else if constexpr (std::is_same_v<C, Close>) {
                    f.object({"outcome", "note"});
                    c.outcome = f.at("outcome").name<Outcome>();
                    c.note = text_or(f, "note");
                } else if constexpr (std::is_same_v<C, RaiseRisk>) {
                    f.object({"grade", "reason", "threat"});
                    c.grade = f.at("grade").name<RiskGrade>();
                    c.reason = text_or(f, "reason");
                    if (auto v = f.find("threat")) c.threat = v->boolean();
                } else {
                    f.object({});
                }
            },
            command);
        return command;
    }

    CommandLine line(const Field& top, std::size_t number) const {
        if (top.json().is_object() && top.json().contains("extra_mediators")) return staffing(top, number);
        CommandLine out;
        out.line = number;
        const bool is_record = top.json().is_object() && top.json().contains("sequence");
        if (is_record) {
            top.object({"sequence", "time", "actor", "case", "command", "payload", "request_id", "kind",
                        "refusal", "case_sequence", "from", "to", "jurisdiction_before", "jurisdiction_after",
                        "risk_after", "route_after", "deadline", "warn_at", "reason", "policy_version",
                        "previous", "hash"});
        } else {
            top.object({"command", "actor", "case", "time", "request_id", "payload"});
        }
        const Field command = top.at("command");
        const std::string name = command.text();
        if (!is_record && name == advance_clock) {
            out.kind = CommandLine::Kind::advance_clock;
            for (const char* key : {"actor", "case", "request_id", "payload"}) {
                if (auto v = top.find(key)) v->fail(std::string("advance-clock takes only 'time', not '") + key + "'");
            }
            out.time = time(top.at("time"));
            return out;
        }
        const auto kind = parse_enum<CommandKind>(name);
        if (!kind) {
            command.fail("unknown command '" + name + "' (expected one of: " + enum_choices<CommandKind>() +
                         (is_record ? "" : ", advance-clock") + ")");
        }
        Request& r = out.request;
        r.command = payload(*kind, top.find("payload"), top);
        r.actor = actor(top.at("actor"), is_record);
        if (auto v = top.find("request_id")) r.request_id = v->text();
        if (auto v = top.find("case")) {
            if (!is_record && *kind == CommandKind::report) {
                v->fail("a report makes a new case and names none (the result line gives its id)");
            }
            r.case_id = is_record && v->json().is_number_integer() && v->json().get<std::int64_t>() == 0
                            ? CaseId{}
                            : case_id(*v);
        } else if (*kind != CommandKind::report && !is_record) {
            top.fail("missing required field 'case' (the id of the case '" + name + "' applies to)");
        }
        if (auto v = top.find("time")) out.time = time(*v);
        if (!is_record) return out;

        out.kind = CommandLine::Kind::record;
        JournalRecord& rec = out.record;
        rec.sequence =
            static_cast<std::uint64_t>(top.at("sequence").integer(1, std::numeric_limits<std::int64_t>::max()));
        if (!out.time) top.fail("missing required field 'time' (every record has one)");
        rec.time = *out.time;
        rec.actor = r.actor;
        rec.case_id = r.case_id;
        rec.command = r.command;
        rec.request_id = r.request_id;
        if (auto v = top.find("kind")) rec.kind = v->name<RecordKind>();
        if (auto v = top.find("refusal")) rec.refusal = v->name<ErrorCode>();
        rec.case_sequence = static_cast<std::uint32_t>(top.at("case_sequence").integer(0, 0xFFFFFFFF));
        rec.from = top.at("from").name<State>();
        rec.to = top.at("to").name<State>();
        rec.jurisdiction_before = jurisdiction(top.at("jurisdiction_before"));
        rec.jurisdiction_after = jurisdiction(top.at("jurisdiction_after"));
        if (auto v = top.find("risk_after")) rec.risk_after = v->name<RiskGrade>();
        if (auto v = top.find("route_after")) rec.route_after = v->name<ReferralRoute>();
        if (auto v = top.find("deadline")) rec.deadline = optional_time(*v).value_or(no_time);
        if (auto v = top.find("warn_at")) rec.warn_at = optional_time(*v).value_or(no_time);
        rec.reason = text_or(top, "reason");
        rec.policy_version = text_or(top, "policy_version");
        // previous and hash are the exporting store's: the rebuilt store computes its own on append,
        // and ExportChain checks the line against them.
        const auto previous = top.find("previous");
        const auto hash = top.find("hash");
        if (previous && hash) {
            ChainLink link;
            link.previous = static_cast<std::uint64_t>(previous->integer(0, std::numeric_limits<std::int64_t>::max()));
            link.hash = digest(*hash);
            out.link = link;
        } else if (previous || hash) {
            (previous ? *previous : *hash).fail("a record's place in the hash chain is 'previous' and 'hash' together");
        }
        return out;
    }

private:
    // {"extra_mediators": [{"jurisdiction": code, "count": n}, ...]}: the mediators a simulation added.
    CommandLine staffing(const Field& top, std::size_t number) const {
        top.object({"extra_mediators"});
        CommandLine out;
        out.line = number;
        out.kind = CommandLine::Kind::staffing;
        const Field list = top.at("extra_mediators");
        if (!list.json().is_array()) {
            list.fail("expected a list of {\"jurisdiction\": code, \"count\": number of mediators added there}");
        }
        for (const Field& item : list.elements()) {
            item.object({"jurisdiction", "count"});
            const Field where = item.at("jurisdiction");
            const std::string code = where.text();
            (void)jurisdiction(where);  // names the county's codes when this is not one of them
            for (const auto& [earlier, n] : out.extra_mediators) {
                if (earlier == code) where.fail("jurisdiction '" + code + "' is named twice");
            }
            const auto count = item.at("count").integer(0, sim::max_extra_mediators);
            out.extra_mediators.emplace_back(code, static_cast<std::uint32_t>(count));
        }
        return out;
    }

    static Digest digest(const Field& f) {
        const std::string text = f.text();
        Digest d{};
        const auto nibble = [](char c) {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        };
        bool ok = text.size() == 2 * d.size();
        for (std::size_t i = 0; ok && i < d.size(); ++i) {
            const int hi = nibble(text[2 * i]), lo = nibble(text[2 * i + 1]);
            ok = hi >= 0 && lo >= 0;
            d[i] = static_cast<std::uint8_t>(hi * 16 + lo);
        }
        if (!ok) f.fail("expected a SHA-256 hash as 64 lowercase hexadecimal digits, got \"" + text + "\"");
        return d;
    }

    const JurisdictionTree& tree_;
    const Roster& roster_;
};

class Encoder {
public:
    Encoder(const JurisdictionTree& tree, const Roster& roster) : tree_(tree), roster_(roster) {}

    Out actor(ActorId id) const {
        if (id == system_actor) return Out(system_code);
        if (roster_.contains(id) && !roster_[id].code.empty()) return Out(roster_[id].code);
        return Out(id.value());
    }

    Out jurisdiction(JurisdictionId id) const {
        if (tree_.contains(id)) return Out(tree_[id].code);
        return Out(id.value());
    }

    Out payload(const Command& command) const {
        Out p = Out::object();
        std::visit(
            [&](const auto& c) {
                using C = std::decay_t<decltype(c)>;
                if constexpr (std::is_same_v<C, Report>) {
                    p["jurisdiction"] = jurisdiction(c.jurisdiction);
                    p["category"] = to_string(c.category);
                    p["channel"] = to_string(c.channel);
                    p["claimed_amount"] = c.claimed_amount;
                    p["risk"] = to_string(c.risk);
                    Out parties = Out::array();
                    for (const Party& q : c.parties) {
                        parties.push_back(Out{{"name", q.name}, {"side", to_string(q.side)},
                                              {"organisation", q.organisation}});
                    }
                    p["parties"] = std::move(parties);
                    if (c.unnamed_parties != 0) p["unnamed_parties"] = c.unnamed_parties;
                    p["summary"] = c.summary;
                    p["threat"] = c.threat;
                    p["violence_history"] = c.violence_history;
                    if (c.repeat_of.valid()) p["repeat_of"] = c.repeat_of.value();
                } else if constexpr (std::is_same_v<C, Reject> || std::is_same_v<C, Fail> ||
                                     std::is_same_v<C, ConfirmationDenied> || std::is_same_v<C, Withdraw>) {
                    p["reason"] = c.reason;
                } else if constexpr (std::is_same_v<C, Assign>) {
                    Out m = Out::array();
                    for (ActorId a : c.mediators) m.push_back(actor(a));
                    p["mediators"] = std::move(m);
                } else if constexpr (std::is_same_v<C, HoldSession> || std::is_same_v<C, Escalate>) {
                    p["note"] = c.note;
                } else if constexpr (std::is_same_v<C, ReachAgreement>) {
                    p["terms"] = c.terms;
                    p["written"] = c.written;
                } else if constexpr (std::is_same_v<C, Refer>) {
                    p["route"] = to_string(c.route);
                    p["reason"] = c.reason;
                } else if constexpr (std::is_same_v<C, RecordFulfilment>) {
                    p["fulfilled"] = c.fulfilled;
                    p["note"] = c.note;
                } else if constexpr (std::is_same_v<C, Close>) {
                    p["outcome"] = to_string(c.outcome);
                    p["note"] = c.note;
                } else if constexpr (std::is_same_v<C, RaiseRisk>) {
                    p["grade"] = to_string(c.grade);
                    p["reason"] = c.reason;
                    p["threat"] = c.threat;
                }
            },
            command);
        return p;
    }

private:
    const JurisdictionTree& tree_;
    const Roster& roster_;
};

}  // namespace

MalformedLine::MalformedLine(std::size_t line, std::string pointer, const std::string& problem)
    : Exception(ErrorCode::invalid_argument,
                "line " + std::to_string(line) + ": " + (pointer.empty() ? std::string() : pointer + ": ") + problem),
      line_(line),
      pointer_(std::move(pointer)) {}

CommandLine JsonLines::decode(std::string_view text, std::size_t line) const {
    Json json;
    try {
        json = config::parse_strict(text);
    } catch (const config::DuplicateKey& d) {
        throw MalformedLine(line, d.pointer, d.message());
    } catch (const Json::parse_error& e) {
        throw MalformedLine(line, "",
                            "not valid JSON at column " + std::to_string(e.byte == 0 ? 1 : e.byte) + " (" +
                                config::syntax_problem(e) + "); each line holds one JSON object");
    }
    try {
        const Field top(json, "", nullptr);
        if (!json.is_object()) top.fail("expected a JSON object with at least \"command\"");
        return Decoder(*tree_, *roster_).line(top, line);
    } catch (const ConfigError& e) {
        // Field reports "<pointer>: <problem>"; keep the problem, and the pointer apart.
        const std::string what = e.what();
        const std::string prefix = e.path() + ": ";
        throw MalformedLine(line, e.path() == "/" ? "" : e.path(),
                            what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what);
    } catch (const Json::exception& e) {
        throw MalformedLine(line, "", std::string("cannot read the line: ") + e.what());
    }
}

std::string JsonLines::encode_command(const Request& request, std::optional<TimePoint> time) const {
    const Encoder enc(*tree_, *roster_);
    const CommandKind kind = kind_of(request.command);
    Out j;
    j["command"] = to_string(kind);
    j["actor"] = enc.actor(request.actor);
    if (kind != CommandKind::report) j["case"] = request.case_id.value();
    if (time) j["time"] = format_time(*time);
    if (!request.request_id.empty()) j["request_id"] = request.request_id;
    Out p = enc.payload(request.command);
    if (!p.empty()) j["payload"] = std::move(p);
    return dump(j);
}

std::string JsonLines::encode_advance(TimePoint to) const {
    return dump(Out{{"command", advance_clock}, {"time", format_time(to)}});
}

std::string JsonLines::encode_record(const JournalRecord& r, const ChainLink* link) const {
    const Encoder enc(*tree_, *roster_);
    Out j;
    j["sequence"] = r.sequence;
    j["time"] = format_time(r.time);
    j["actor"] = enc.actor(r.actor);
    if (r.case_id.valid()) j["case"] = r.case_id.value();
    j["command"] = to_string(r.command_kind());
    Out p = enc.payload(r.command);
    if (!p.empty()) j["payload"] = std::move(p);
    if (!r.request_id.empty()) j["request_id"] = r.request_id;
    j["kind"] = to_string(r.kind);
    if (r.kind == RecordKind::refused) j["refusal"] = to_string(r.refusal);
    j["case_sequence"] = r.case_sequence;
    j["from"] = to_string(r.from);
    j["to"] = to_string(r.to);
    j["jurisdiction_before"] = enc.jurisdiction(r.jurisdiction_before);
    j["jurisdiction_after"] = enc.jurisdiction(r.jurisdiction_after);
    j["risk_after"] = to_string(r.risk_after);
    j["route_after"] = to_string(r.route_after);
    j["deadline"] = time_value(r.deadline);
    j["warn_at"] = time_value(r.warn_at);
    j["reason"] = r.reason;
    if (!r.policy_version.empty()) j["policy_version"] = r.policy_version;
    if (link != nullptr) {
        j["previous"] = link->previous;
        j["hash"] = to_hex(link->hash);
    }
    return dump(j);
}

std::string JsonLines::encode_result(std::size_t line, std::string_view command, const Result<Receipt>& result,
                                     const Case* now) const {
    const Encoder enc(*tree_, *roster_);
    Out j;
    j["line"] = line;
    if (result.ok()) {
        const Receipt& r = *result;
        j["result"] = "accepted";
        j["command"] = to_string(r.command);
        j["case"] = r.case_id.value();
        j["sequence"] = r.sequence;
        j["from"] = to_string(r.from);
        j["state"] = to_string(now ? now->state : r.to);
        j["jurisdiction"] = enc.jurisdiction(now ? now->jurisdiction : r.jurisdiction_after);
        if (now) j["risk"] = to_string(now->risk);
        if (!r.reason.empty()) j["reason"] = r.reason;
        if (r.follow_ups != 0) j["follow_ups"] = r.follow_ups;
    } else {
        const Error& e = result.error();
        j["result"] = "rejected";
        j["command"] = command;
        if (e.case_id.valid()) j["case"] = e.case_id.value();
        if (!e.state.empty()) j["state"] = std::string(e.state);
        j["error"] = to_string(e.code);
        j["message"] = e.message;
    }
    return dump(j);
}

std::string JsonLines::encode_staffing(const std::vector<std::pair<std::string, std::uint32_t>>& extra) {
    Out list = Out::array();
    for (const auto& [code, count] : extra) list.push_back(Out{{"jurisdiction", code}, {"count", count}});
    return dump(Out{{"extra_mediators", std::move(list)}});
}

std::string JsonLines::encode_advanced(std::size_t line, TimePoint to, std::uint64_t records) const {
    return dump(Out{{"line", line}, {"result", "accepted"}, {"command", advance_clock}, {"time", format_time(to)},
                    {"records", records}});
}

std::string JsonLines::encode_rebuilt(std::size_t line, const JournalRecord& r) const {
    const Encoder enc(*tree_, *roster_);
    Out j;
    j["line"] = line;
    j["result"] = "rebuilt";
    j["command"] = to_string(r.command_kind());
    if (r.case_id.valid()) j["case"] = r.case_id.value();
    j["sequence"] = r.sequence;
    j["kind"] = to_string(r.kind);
    j["state"] = to_string(r.to);
    j["jurisdiction"] = enc.jurisdiction(r.jurisdiction_after);
    return dump(j);
}

std::string JsonLines::encode_malformed(const MalformedLine& error) const {
    Out j;
    j["line"] = error.line();
    j["result"] = "malformed";
    if (!error.pointer().empty()) j["pointer"] = error.pointer();
    j["message"] = error.what();
    return dump(j);
}

void ExportChain::check(const CommandLine& line) {
    const JournalRecord& r = line.record;
    const std::uint32_t id = r.case_id.value();
    if (heads_.size() <= id) {
        heads_.resize(std::size_t{id} + 1);
        unhashed_.resize(std::size_t{id} + 1, 0);
    }
    ChainLink& head = heads_[id];
    body_.clear();
    store::encode_record(r, head.previous, body_);
    const Digest hash = store::chain_hash(head.hash, body_);
    if (line.link && (line.link->previous != head.previous || line.link->hash != hash)) {
        throw JournalCorrupt(
            "record " + std::to_string(r.sequence) + " is not the record its export hashed" +
            (line.link->previous != head.previous
                 ? " (it names record " + std::to_string(line.link->previous) + " as its case's previous one, not " +
                       std::to_string(head.previous) + ")"
                 : std::string()) +
            (unhashed_[id] != 0
                 ? ": the line, or line " + std::to_string(unhashed_[id]) + " (record " + std::to_string(head.previous) +
                       ", the case's previous one, whose line carries no hash to check it by), was changed after export"
                 : std::string(": the line was changed after export")) +
            "; rebuilding it would make a journal whose records the exporting store never held");
    }
    head.previous = r.sequence;
    head.hash = hash;
    unhashed_[id] = line.link ? 0 : line.line;
}

}  // namespace fengqiao
