//! Escaping for GitHub Actions workflow commands (`::error file=…::message`),
//! shared by certify's annotations (`report::github`) and the schema gate's
//! (`compat::output::github`).

/// Escapes a workflow command's message.
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_end_a_command() {
        assert_eq!(data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(property("a:b,c\n"), "a%3Ab%2Cc%0A");
    }
}
