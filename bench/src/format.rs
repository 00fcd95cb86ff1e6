//! How figures are written in the table.

use std::time::Duration;

/// `1.23x`, `58x`, `1/158x` (for small ratios), or a dash when missing.
pub(crate) fn ratio(ratio: Option<f64>) -> String {
    match ratio {
        Some(ratio) if ratio >= 10.0 => format!("{ratio:.0}x"),
        Some(ratio) if ratio >= 0.1 => format!("{ratio:.2}x"),
        // 0.004 reads better as 1/250.
        Some(ratio) if ratio > 0.0 => format!("1/{:.0}x", 1.0 / ratio),
        Some(_) => "0x".to_owned(),
        None => "—".to_owned(),
    }
}

/// Milliseconds with three decimals below 10 ms, fewer above.
pub(crate) fn duration(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.3} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// 12345.6 → "12,346".
pub(crate) fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A Markdown table with padded columns: readable in a terminal, pasteable into a document.
pub(crate) fn print_markdown<const N: usize>(table: &[[String; N]]) {
    let widths: Vec<usize> = (0..N)
        .map(|column| {
            table
                .iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let render = |row: &[String; N]| {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(text, width)| format!("{text:<width$}"))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    if let Some((header, body)) = table.split_first() {
        println!("{}", render(header));
        let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
        println!("|-{}-|", rule.join("-|-"));
        for row in body {
            println!("{}", render(row));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0.4), "0");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1_000.0), "1,000");
        assert_eq!(thousands(12_345_678.0), "12,345,678");
    }

    #[test]
    fn small_ratios_read_as_fractions() {
        assert_eq!(ratio(Some(0.005)), "1/200x");
        assert_eq!(ratio(Some(0.82)), "0.82x");
        assert_eq!(ratio(Some(296.3)), "296x");
        assert_eq!(ratio(None), "—");
    }

    #[test]
    fn durations_keep_three_significant_places_below_ten_ms() {
        assert_eq!(duration(Duration::from_micros(71)), "0.071 ms");
        assert_eq!(duration(Duration::from_micros(12_340)), "12.3 ms");
        assert_eq!(duration(Duration::from_millis(1_500)), "1500 ms");
    }
}
