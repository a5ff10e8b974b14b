//! Working days in France: weekends and the eleven public holidays of
//! mainland France (Alsace-Moselle's two extra days are not counted).

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday of `year` (the Gregorian computus, anonymous algorithm).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// The public holidays of `year` in mainland France.
pub fn holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)];
    let mut out: Vec<NaiveDate> = fixed.iter().filter_map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d)).collect();
    if let Some(e) = easter(year) {
        // Easter Monday, Ascension Thursday, Whit Monday.
        out.extend([1, 39, 50].iter().filter_map(|&n| e.checked_add_days(Days::new(n))));
    }
    out.sort_unstable();
    out
}

/// Neither a weekend day nor a public holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays(d.year()).contains(&d)
}

/// `d`, or the next working day after it.
pub fn next_working_day(d: NaiveDate) -> NaiveDate {
    let mut day = d;
    // At most a weekend and two holidays in a row; a bound all the same.
    for _ in 0..10 {
        if is_working_day(day) {
            return day;
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => return day,
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::d;

    #[test]
    fn easter_and_moving_holidays() {
        assert_eq!(easter(2024), Some(d("2024-03-31")));
        assert_eq!(easter(2025), Some(d("2025-04-20")));
        assert_eq!(easter(2026), Some(d("2026-04-05")));
        let h = holidays(2026);
        assert_eq!(h.len(), 11);
        for day in ["2026-04-06", "2026-05-14", "2026-05-25", "2026-07-14", "2026-11-11"] {
            assert!(h.contains(&d(day)), "{day}");
        }
    }

    #[test]
    fn actions_move_off_weekends_and_holidays() {
        // Saturday 14 November 2026 -> Monday 16.
        assert_eq!(next_working_day(d("2026-11-14")), d("2026-11-16"));
        // Friday 1 May 2026 (Labour Day), then the weekend: Monday 4 May.
        assert_eq!(next_working_day(d("2026-05-01")), d("2026-05-04"));
        // Thursday 24 December 2026 is a working day; Friday 25 is not.
        assert_eq!(next_working_day(d("2026-12-24")), d("2026-12-24"));
        assert_eq!(next_working_day(d("2026-12-25")), d("2026-12-28"));
        // New Year's Day 2027 is a Friday: Monday 4 January.
        assert_eq!(next_working_day(d("2027-01-01")), d("2027-01-04"));
    }
}
