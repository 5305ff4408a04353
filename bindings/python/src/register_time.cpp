// Time in Python: aware datetimes in China Standard Time, timedeltas, dates; the working calendar.
#include <cmath>

#include "bindings.hpp"

namespace fengqiao::python {
namespace {

struct TimeObjects {
    py::object datetime_type;
    py::object date_type;
    py::object timedelta_type;
    py::object china_time;      // datetime.timezone(timedelta(hours=8))
    py::object utc;             // datetime.timezone.utc
    py::object from_timestamp;  // datetime.fromtimestamp
};

const TimeObjects& time_objects() {
    static const TimeObjects* t = [] {
        py::module_ dt = py::module_::import("datetime");
        auto* o = new TimeObjects;  // leaked: must outlive static destruction, like every cached Python object
        o->datetime_type = dt.attr("datetime");
        o->date_type = dt.attr("date");
        o->timedelta_type = dt.attr("timedelta");
        o->china_time = dt.attr("timezone")(o->timedelta_type(py::arg("hours") = 8));
        o->utc = dt.attr("timezone").attr("utc");
        o->from_timestamp = o->datetime_type.attr("fromtimestamp");
        return o;
    }();
    return *t;
}

std::string type_name(py::handle h) { return py::str(py::type::of(h).attr("__name__")); }

}  // namespace

py::object to_datetime(TimePoint t) {
    if (t == no_time) return py::none();
    const auto& o = time_objects();
    // The last eight hours of year 9999 are already year 10000 in China, past what a datetime holds:
    // those are given in UTC.
    const bool past_china_year_9999 = t > latest_time - china_standard_offset;
    return o.from_timestamp(py::int_(t.time_since_epoch().count()), past_china_year_9999 ? o.utc : o.china_time);
}

TimePoint from_datetime(py::handle h) {
    const auto& o = time_objects();
    if (py::isinstance(h, o.datetime_type)) {
        py::object aware = py::reinterpret_borrow<py::object>(h);
        if (aware.attr("tzinfo").is_none() || aware.attr("utcoffset")().is_none()) {
            aware = aware.attr("replace")(py::arg("tzinfo") = o.china_time);
        }
        const double seconds = aware.attr("timestamp")().cast<double>();
        return TimePoint(Duration(static_cast<std::int64_t>(std::floor(seconds))));
    }
    if (py::isinstance(h, o.date_type)) return start_of_local_day(days_from_civil(h.cast<CivilDate>()));
    if (PyUnicode_Check(h.ptr())) {
        const auto text = h.cast<std::string>();
        if (auto t = parse_time(text)) return *t;
        throw py::value_error("'" + text + "' is not an ISO 8601 time (e.g. 2025-03-01, 2025-03-01T09:30, "
                              "2025-03-01T09:30:00+08:00)");
    }
    throw py::type_error("expected a datetime, a date or an ISO 8601 string, got " + type_name(h));
}

Duration from_timedelta(py::handle h) {
    const auto& o = time_objects();
    if (py::isinstance(h, o.timedelta_type)) {
        const double seconds = h.attr("total_seconds")().cast<double>();
        return Duration(static_cast<std::int64_t>(std::floor(seconds)));
    }
    throw py::type_error("expected a datetime.timedelta, got " + type_name(h));
}

void register_time(py::module_& m) {
    m.attr("CHINA_STANDARD_TIME") = time_objects().china_time;
    m.def(
        "_datetime", [](std::int64_t seconds) { return to_datetime(TimePoint(Duration(seconds))); },
        py::arg("seconds"), "An engine time (seconds since 1970) as the module gives times (used by the tables).");

    py::class_<Suspension>(m, "Suspension", "A period during which time limits do not run.")
        .def(py::init([](CivilDate from, CivilDate to, std::string reason) {
                 return Suspension{from, to, std::move(reason)};
             }),
             py::arg("start"), py::arg("end"), py::arg("reason") = "",
             "A suspension from `start` to `end` (both days inclusive).")
        .def_readwrite("start", &Suspension::from, "First suspended day.")
        .def_readwrite("end", &Suspension::to, "Last suspended day (inclusive).")
        .def_readwrite("reason", &Suspension::reason, "Why, shown in documentation and reports.")
        .def("__repr__", [](const Suspension& s) {
            return "Suspension(" + format_date(s.from) + " .. " + format_date(s.to) + ", " +
                   std::string(py::repr(py::str(s.reason))) + ")";
        });

    py::class_<WorkingCalendar>(m, "WorkingCalendar",
                                "Which days count toward a time limit: weekends, public holidays, make-up working "
                                "days and suspensions, in China Standard Time.")
        .def(py::init<>(), "Weekends only.")
        .def("add_holiday", &WorkingCalendar::add_holiday, py::arg("day"), "Adds a public holiday.")
        .def("add_working_day", &WorkingCalendar::add_working_day, py::arg("day"),
             "Adds a make-up working day (a working day even on a weekend).")
        .def("add_suspension", &WorkingCalendar::add_suspension, py::arg("suspension"),
             "Adds a suspension period; raises fengqiao.InvalidArgument if it ends before it starts.")
        .def("is_working_day", &WorkingCalendar::is_working_day, py::arg("day"),
             "True if `day` is a working day (ignoring suspensions).")
        .def("is_suspended", &WorkingCalendar::is_suspended, py::arg("day"), "True if `day` is inside a suspension.")
        .def("add_calendar_days", &WorkingCalendar::add_calendar_days, py::arg("start"), py::arg("days"),
             "The end of a limit of `days` calendar days from `start` (moved to the next working day if it "
             "ends on a rest day).")
        .def("add_working_days", &WorkingCalendar::add_working_days, py::arg("start"), py::arg("days"),
             "The end of a limit of `days` working days from `start`.")
        .def_property_readonly("holidays", &WorkingCalendar::holidays, "Listed public holidays, in the order added.")
        .def_property_readonly("working_days", &WorkingCalendar::working_days,
                               "Listed make-up working days, in the order added.")
        .def_property_readonly("suspensions", &WorkingCalendar::suspensions, "Suspension periods, in the order added.");
}

}  // namespace fengqiao::python

namespace pybind11::detail {

bool type_caster<fengqiao::CivilDate>::load(handle src, bool convert) {
    if (!convert) return false;
    const auto& o = fengqiao::python::time_objects();
    if (isinstance(src, o.datetime_type)) {
        // A datetime is a date too; take its local day in China Standard Time.
        value = fengqiao::local_date(fengqiao::python::from_datetime(src));
        return true;
    }
    if (isinstance(src, o.date_type)) {
        value = fengqiao::CivilDate{src.attr("year").cast<int>(), src.attr("month").cast<unsigned>(),
                                    src.attr("day").cast<unsigned>()};
        return true;
    }
    if (PyUnicode_Check(src.ptr())) {
        const auto text = src.cast<std::string>();
        if (auto d = fengqiao::parse_date(text)) {
            value = *d;
            return true;
        }
        throw value_error("'" + text + "' is not a date (expected YYYY-MM-DD)");
    }
    throw type_error("expected a date or a YYYY-MM-DD string, got " + fengqiao::python::type_name(src));
}

handle type_caster<fengqiao::CivilDate>::cast(const fengqiao::CivilDate& src, return_value_policy, handle) {
    return fengqiao::python::time_objects().date_type(src.year, src.month, src.day).release();
}

handle type_caster<fengqiao::Duration>::cast(fengqiao::Duration src, return_value_policy, handle) {
    return fengqiao::python::time_objects().timedelta_type(pybind11::arg("seconds") = src.count()).release();
}

}  // namespace pybind11::detail
