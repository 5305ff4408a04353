#include "record_codec.hpp"

#include <array>
#include <type_traits>
#include <utility>
#include <variant>

namespace fengqiao::store {
namespace {

// Every field of these structs is stored; a field added to one must be added to the encoders here
// and to the JSON codec (src/store/json_lines.cpp), or records would silently lose it. Counting the
// fields (by how many initializers the aggregate takes) catches an addition and ignores reordering.
struct AnyField {
    template <class T>
    constexpr operator T() const noexcept;  // NOLINT(google-explicit-constructor): never called
};
template <class T, class... A>
constexpr auto initializable(int) -> decltype(T{std::declval<A>()...}, true) {
    return true;
}
template <class T, class... A>
constexpr bool initializable(...) {
    return false;
}
template <class T, class... A>
constexpr std::size_t field_count() {
    if constexpr (initializable<T, A..., AnyField>(0)) {
        return field_count<T, A..., AnyField>();
    } else {
        return sizeof...(A);
    }
}
template <std::size_t... I>
constexpr bool command_fields_are(std::index_sequence<I...>, const std::size_t (&expected)[sizeof...(I)]) {
    return ((field_count<std::variant_alternative_t<I, Command>>() == expected[I]) && ...);
}
constexpr std::size_t command_fields[] = {11, 0, 1, 1, 1, 2, 1, 0, 1, 2, 0, 0, 1, 0, 2, 2, 1, 3, 0};
static_assert(command_fields_are(std::make_index_sequence<std::variant_size_v<Command>>{}, command_fields),
              "a command gained or lost a field: update record_codec.cpp, json_lines.cpp and command_fields");
static_assert(field_count<Party>() == 3, "Party changed: update record_codec.cpp and json_lines.cpp");
static_assert(field_count<Case>() == 28, "Case changed: update encode_case/decode_case in record_codec.cpp");
static_assert(field_count<CaseFile>() == 3, "CaseFile changed: update encode_case/decode_case in record_codec.cpp");
static_assert(field_count<JournalRecord>() == 19, "JournalRecord changed: update record_codec.cpp and json_lines.cpp");

// Format 1 of both bodies. A reader refuses formats it does not know rather than guessing.
constexpr std::uint8_t record_format = 1;
constexpr std::uint8_t case_format = 1;

// Bytes are gathered in a small buffer and appended to the output in a few pieces: the journal
// encodes two bodies for every record it writes, and a string's push_back per byte was most of it.
// Call done() when finished (a destructor could not report a failure to allocate).
class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    void byte(std::uint8_t b) {
        if (buffered_ == buffer_.size()) done();
        buffer_[buffered_++] = static_cast<char>(b);
    }
    void done() {
        out_.append(buffer_.data(), buffered_);
        buffered_ = 0;
    }
    void flag(bool b) { byte(b ? 1 : 0); }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            byte(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        byte(static_cast<std::uint8_t>(v));
    }
    void signed_varint(std::int64_t v) {
        varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    void text(const std::string& s) {
        varint(s.size());
        if (s.empty()) return;
        done();
        out_.append(s);
    }
    void time(TimePoint t) {
        // no_time (unset deadlines) is common; one byte says whether a time follows.
        flag(t != no_time);
        if (t != no_time) signed_varint(t.time_since_epoch().count());
    }
    template <class E>
    void enumeration(E e) {
        byte(static_cast<std::uint8_t>(e));
    }
    template <class Tag>
    void id(Id<Tag> i) {
        varint(i.value());
    }

private:
    std::string& out_;
    std::array<char, 128> buffer_{};
    std::size_t buffered_ = 0;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    std::uint8_t byte(const char* what) {
        if (pos_ >= in_.size()) fail(what, "the body ends early");
        return static_cast<std::uint8_t>(in_[pos_++]);
    }
    bool flag(const char* what) {
        const auto b = byte(what);
        if (b > 1) fail(what, "expected 0 or 1, found " + std::to_string(b));
        return b == 1;
    }
    std::uint64_t varint(const char* what) {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto b = byte(what);
            v |= std::uint64_t{b & 0x7Fu} << shift;
            if ((b & 0x80) == 0) return v;
        }
        fail(what, "a number is longer than 64 bits");
    }
    std::int64_t signed_varint(const char* what) {
        const std::uint64_t u = varint(what);
        return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
    }
    std::uint32_t u32(const char* what) {
        const auto v = varint(what);
        if (v > 0xFFFFFFFFu) fail(what, "value " + std::to_string(v) + " does not fit 32 bits");
        return static_cast<std::uint32_t>(v);
    }
    std::uint16_t u16(const char* what) {
        const auto v = varint(what);
        if (v > 0xFFFFu) fail(what, "value " + std::to_string(v) + " does not fit 16 bits");
        return static_cast<std::uint16_t>(v);
    }
    std::string text(const char* what) {
        const auto n = varint(what);
        if (n > in_.size() - pos_) fail(what, "a text of " + std::to_string(n) + " bytes runs past the body");
        std::string s(in_.substr(pos_, static_cast<std::size_t>(n)));
        pos_ += static_cast<std::size_t>(n);
        return s;
    }
    TimePoint time(const char* what) {
        if (!flag(what)) return no_time;
        return TimePoint(Duration(signed_varint(what)));
    }
    template <class E>
    E enumeration(const char* what) {
        const auto b = byte(what);
        if (b >= EnumNames<E>::names.size()) {
            fail(what, "value " + std::to_string(b) + " is not a " + std::string(EnumNames<E>::kind));
        }
        return static_cast<E>(b);
    }
    template <class Tag>
    Id<Tag> id(const char* what) {
        return Id<Tag>(u32(what));
    }
    void finish() const {
        if (pos_ != in_.size()) {
            throw BodyDamaged(std::to_string(in_.size() - pos_) + " unexpected bytes after the last field");
        }
    }
    [[noreturn]] void fail(const char* what, const std::string& problem) const {
        throw BodyDamaged("field '" + std::string(what) + "' at byte " + std::to_string(pos_) + ": " + problem);
    }

private:
    std::string_view in_;
    std::size_t pos_ = 0;
};

void write_command(Writer& w, const Command& command) {
    w.enumeration(kind_of(command));
    std::visit(
        [&w](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, Report>) {
                w.id(c.jurisdiction);
                w.enumeration(c.category);
                w.enumeration(c.channel);
                w.signed_varint(c.claimed_amount);
                w.enumeration(c.risk);
                w.varint(c.parties.size());
                for (const Party& p : c.parties) {
                    w.text(p.name);
                    w.enumeration(p.side);
                    w.flag(p.organisation);
                }
                w.varint(c.unnamed_parties);
                w.text(c.summary);
                w.flag(c.threat);
                w.flag(c.violence_history);
                w.id(c.repeat_of);
            } else if constexpr (std::is_same_v<C, Reject> || std::is_same_v<C, Fail> ||
                                 std::is_same_v<C, ConfirmationDenied> || std::is_same_v<C, Withdraw>) {
                w.text(c.reason);
            } else if constexpr (std::is_same_v<C, Assign>) {
                w.varint(c.mediators.size());
                for (ActorId a : c.mediators) w.id(a);
            } else if constexpr (std::is_same_v<C, HoldSession> || std::is_same_v<C, Escalate>) {
                w.text(c.note);
            } else if constexpr (std::is_same_v<C, ReachAgreement>) {
                w.text(c.terms);
                w.flag(c.written);
            } else if constexpr (std::is_same_v<C, Refer>) {
                w.enumeration(c.route);
                w.text(c.reason);
            } else if constexpr (std::is_same_v<C, RecordFulfilment>) {
                w.flag(c.fulfilled);
                w.text(c.note);
            } else if constexpr (std::is_same_v<C, Close>) {
                w.enumeration(c.outcome);
                w.text(c.note);
            } else if constexpr (std::is_same_v<C, RaiseRisk>) {
                w.enumeration(c.grade);
                w.text(c.reason);
                w.flag(c.threat);
            } else {
                static_assert(std::is_empty_v<C>, "every command with a payload is encoded above");
            }
        },
        command);
}

Command read_command(Reader& r) {
    const auto kind = r.enumeration<CommandKind>("command");
    Command command = empty_command(kind);
    std::visit(
        [&r](auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, Report>) {
                c.jurisdiction = r.id<JurisdictionTag>("report.jurisdiction");
                c.category = r.enumeration<Category>("report.category");
                c.channel = r.enumeration<Channel>("report.channel");
                c.claimed_amount = r.signed_varint("report.claimed_amount");
                c.risk = r.enumeration<RiskGrade>("report.risk");
                const auto n = r.u16("report.parties");
                c.parties.reserve(n);
                for (std::size_t i = 0; i < n; ++i) {
                    Party p;
                    p.name = r.text("report.parties.name");
                    p.side = r.enumeration<Side>("report.parties.side");
                    p.organisation = r.flag("report.parties.organisation");
                    c.parties.push_back(std::move(p));
                }
                c.unnamed_parties = r.u16("report.unnamed_parties");
                c.summary = r.text("report.summary");
                c.threat = r.flag("report.threat");
                c.violence_history = r.flag("report.violence_history");
                c.repeat_of = r.id<CaseTag>("report.repeat_of");
            } else if constexpr (std::is_same_v<C, Reject> || std::is_same_v<C, Fail> ||
                                 std::is_same_v<C, ConfirmationDenied> || std::is_same_v<C, Withdraw>) {
                c.reason = r.text("reason");
            } else if constexpr (std::is_same_v<C, Assign>) {
                const auto n = r.u16("assign.mediators");
                for (std::size_t i = 0; i < n; ++i) c.mediators.push_back(r.id<ActorTag>("assign.mediators"));
            } else if constexpr (std::is_same_v<C, HoldSession> || std::is_same_v<C, Escalate>) {
                c.note = r.text("note");
            } else if constexpr (std::is_same_v<C, ReachAgreement>) {
                c.terms = r.text("agree.terms");
                c.written = r.flag("agree.written");
            } else if constexpr (std::is_same_v<C, Refer>) {
                c.route = r.enumeration<ReferralRoute>("refer.route");
                c.reason = r.text("refer.reason");
            } else if constexpr (std::is_same_v<C, RecordFulfilment>) {
                c.fulfilled = r.flag("fulfilment.fulfilled");
                c.note = r.text("fulfilment.note");
            } else if constexpr (std::is_same_v<C, Close>) {
                c.outcome = r.enumeration<Outcome>("close.outcome");
                c.note = r.text("close.note");
            } else if constexpr (std::is_same_v<C, RaiseRisk>) {
                c.grade = r.enumeration<RiskGrade>("raise-risk.grade");
                c.reason = r.text("raise-risk.reason");
                c.threat = r.flag("raise-risk.threat");
            }
        },
        command);
    return command;
}

}  // namespace

void encode_record(const JournalRecord& rec, std::uint64_t previous, std::string& out) {
    Writer w(out);
    w.byte(record_format);
    w.varint(rec.sequence);
    w.id(rec.case_id);
    w.varint(rec.case_sequence);
    w.varint(previous);
    w.enumeration(rec.kind);
    w.enumeration(rec.refusal);
    w.enumeration(rec.from);
    w.enumeration(rec.to);
    w.enumeration(rec.risk_after);
    w.enumeration(rec.route_after);
    w.time(rec.time);
    w.id(rec.actor);
    w.id(rec.jurisdiction_before);
    w.id(rec.jurisdiction_after);
    w.time(rec.deadline);
    w.time(rec.warn_at);
    write_command(w, rec.command);
    w.text(rec.reason);
    w.text(rec.request_id);
    w.text(rec.policy_version);
    w.done();
}

JournalRecord decode_record(std::string_view body, std::uint64_t& previous) {
    Reader r(body);
    const auto format = r.byte("format");
    if (format != record_format) {
        r.fail("format", "record format " + std::to_string(format) + " is unknown (this library reads format " +
                             std::to_string(record_format) + ")");
    }
    JournalRecord rec;
    rec.sequence = r.varint("sequence");
    rec.case_id = r.id<CaseTag>("case");
    rec.case_sequence = r.u32("case_sequence");
    previous = r.varint("previous");
    rec.kind = r.enumeration<RecordKind>("kind");
    rec.refusal = r.enumeration<ErrorCode>("refusal");
    rec.from = r.enumeration<State>("from");
    rec.to = r.enumeration<State>("to");
    rec.risk_after = r.enumeration<RiskGrade>("risk_after");
    rec.route_after = r.enumeration<ReferralRoute>("route_after");
    rec.time = r.time("time");
    rec.actor = r.id<ActorTag>("actor");
    rec.jurisdiction_before = r.id<JurisdictionTag>("jurisdiction_before");
    rec.jurisdiction_after = r.id<JurisdictionTag>("jurisdiction_after");
    rec.deadline = r.time("deadline");
    rec.warn_at = r.time("warn_at");
    rec.command = read_command(r);
    rec.reason = r.text("reason");
    rec.request_id = r.text("request_id");
    rec.policy_version = r.text("policy_version");
    r.finish();
    return rec;
}

void encode_case(const Case& c, std::string& out) {
    Writer w(out);
    w.byte(case_format);
    w.id(c.id);
    w.enumeration(c.state);
    w.enumeration(c.category);
    w.enumeration(c.channel);
    w.enumeration(c.risk);
    w.enumeration(c.outcome);
    w.enumeration(c.route);
    w.flag(c.overdue);
    w.flag(c.written_agreement);
    w.flag(c.threat);
    w.flag(c.violence_history);
    w.id(c.jurisdiction);
    w.id(c.origin);
    w.varint(c.version);
    w.varint(c.sessions);
    w.varint(c.level_sessions);
    w.varint(c.failures);
    w.varint(c.escalations);
    w.varint(c.policy_version);
    w.varint(c.parties);
    w.varint(c.repeats);
    w.signed_varint(c.claimed_amount);
    w.time(c.reported_at);
    w.time(c.state_since);
    w.time(c.deadline);
    w.time(c.warn_at);
    w.time(c.closed_at);
    w.varint(c.mediators.size());
    for (ActorId a : c.mediators) w.id(a);
    w.done();
}

Case decode_case(std::string_view body) {
    Reader r(body);
    const auto format = r.byte("format");
    if (format != case_format) {
        r.fail("format", "case format " + std::to_string(format) + " is unknown (this library reads format " +
                             std::to_string(case_format) + ")");
    }
    Case c;
    c.id = r.id<CaseTag>("id");
    c.state = r.enumeration<State>("state");
    c.category = r.enumeration<Category>("category");
    c.channel = r.enumeration<Channel>("channel");
    c.risk = r.enumeration<RiskGrade>("risk");
    c.outcome = r.enumeration<Outcome>("outcome");
    c.route = r.enumeration<ReferralRoute>("route");
    c.overdue = r.flag("overdue");
    c.written_agreement = r.flag("written_agreement");
    c.threat = r.flag("threat");
    c.violence_history = r.flag("violence_history");
    c.jurisdiction = r.id<JurisdictionTag>("jurisdiction");
    c.origin = r.id<JurisdictionTag>("origin");
    c.version = r.u32("version");
    c.sessions = r.u16("sessions");
    c.level_sessions = r.u16("level_sessions");
    c.failures = r.u16("failures");
    c.escalations = r.u16("escalations");
    c.policy_version = r.u16("policy_version");
    c.parties = r.u16("parties");
    c.repeats = r.u16("repeats");
    c.claimed_amount = r.signed_varint("claimed_amount");
    c.reported_at = r.time("reported_at");
    c.state_since = r.time("state_since");
    c.deadline = r.time("deadline");
    c.warn_at = r.time("warn_at");
    c.closed_at = r.time("closed_at");
    const auto team = r.varint("mediators");
    if (team > Team::max_size) r.fail("mediators", "a team of " + std::to_string(team) + " exceeds the maximum");
    for (std::uint64_t i = 0; i < team; ++i) c.mediators.add(r.id<ActorTag>("mediators"));
    r.finish();
    return c;
}

void encode_case_file(const CaseFile& file, std::string& out) {
    Writer w(out);
    w.byte(case_format);
    w.varint(file.parties.size());
    for (const Party& p : file.parties) {
        w.text(p.name);
        w.enumeration(p.side);
        w.flag(p.organisation);
    }
    w.text(file.summary);
    w.text(file.agreement);
    w.done();
}

CaseFile decode_case_file(std::string_view body) {
    Reader r(body);
    const auto format = r.byte("format");
    if (format != case_format) {
        r.fail("format", "case file format " + std::to_string(format) +
                             " is unknown (this library reads format " + std::to_string(case_format) + ")");
    }
    CaseFile file;
    const auto parties = r.u16("file.parties");
    for (std::size_t i = 0; i < parties; ++i) {
        Party p;
        p.name = r.text("file.parties.name");
        p.side = r.enumeration<Side>("file.parties.side");
        p.organisation = r.flag("file.parties.organisation");
        file.parties.push_back(std::move(p));
    }
    file.summary = r.text("file.summary");
    file.agreement = r.text("file.agreement");
    r.finish();
    return file;
}

namespace {

template <std::size_t I = 0>
Command empty_command_at(std::size_t index) {
    if constexpr (I < std::variant_size_v<Command>) {
        if (index == I) return Command(std::in_place_index<I>);
        return empty_command_at<I + 1>(index);
    } else {
        return Command{};
    }
}

}  // namespace

Command empty_command(CommandKind kind) { return empty_command_at(static_cast<std::size_t>(kind)); }

}  // namespace fengqiao::store
