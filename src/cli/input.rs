//! Job numbers from the arguments, or from standard input when an argument is `-` (one or
//! more per line, separated by whitespace), so `... | crmjobs jobs complete -` works.

use std::io::Read;

/// Where the numbers came from: a prompt cannot read from standard input if they did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbers {
    /// The job numbers, in the order given.
    pub list: Vec<String>,
    /// Whether standard input was read.
    pub from_stdin: bool,
}

/// The numbers of `args`, reading standard input in place of `-`.
///
/// # Errors
/// Standard input could not be read, or no number was given at all.
pub fn numbers(args: &[String]) -> Result<Numbers, String> {
    let mut stdin = String::new();
    let from_stdin = args.iter().any(|a| a == "-");
    if from_stdin {
        std::io::stdin()
            .read_to_string(&mut stdin)
            .map_err(|e| format!("cannot read job numbers from standard input: {e}"))?;
    }
    let list = expand(args, &stdin);
    if list.is_empty() {
        return Err("no job number given".to_owned());
    }
    Ok(Numbers { list, from_stdin })
}

/// `args` with each `-` replaced by the whitespace-separated words of `stdin`.
fn expand(args: &[String], stdin: &str) -> Vec<String> {
    args.iter()
        .flat_map(|arg| {
            if arg == "-" {
                stdin.split_whitespace().map(str::to_owned).collect()
            } else {
                vec![arg.trim().to_owned()]
            }
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_reads_every_word_of_stdin_in_place() {
        let args = ["JB1".to_owned(), "-".to_owned(), "JB9".to_owned()];
        assert_eq!(
            expand(&args, "JB2\nJB3  JB4\n\n"),
            ["JB1", "JB2", "JB3", "JB4", "JB9"]
        );
    }
}
