//! `ktpl explain`: the long explanation of a code, or the list of codes.

#![allow(clippy::print_stdout)]

use crate::code::Code;
use crate::report::exit;

use super::input::usage_error;

pub(crate) fn explain(name: Option<&str>) -> u8 {
    let Some(name) = name else {
        for code in Code::ALL {
            println!(
                "{:<40} {:<7}  {}",
                code.name(),
                code.default_severity().as_str(),
                code.summary()
            );
        }
        return exit::OK;
    };
    let codes = Code::matching(name);
    if codes.is_empty() {
        let names: Vec<&str> = Code::ALL
            .iter()
            .flat_map(|c| [c.name(), c.short_name()])
            .collect();
        let hint = crate::prose::suggest(name, &names, &[])
            .map_or(String::new(), |s| format!("; {}", s.label()));
        return usage_error(&format!(
            "no code named `{name}`{hint} (`ktpl explain` lists them all)"
        ));
    }
    // A short name two stages share prints both explanations, each under its full name.
    for (index, code) in codes.iter().enumerate() {
        if index > 0 {
            println!();
        }
        println!("{} ({})\n", code.name(), code.default_severity().as_str());
        match crate::explain::explanation(*code) {
            Some(text) => println!("{text}"),
            None => println!("{}", code.summary()),
        }
    }
    exit::OK
}
