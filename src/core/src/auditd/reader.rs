//! Lines of an `audit.log`, read the way `pandas.read_csv` splits them for msticpy:
//! `\n`, `\r\n` and a lone `\r` end a line, a leading UTF-8 BOM is dropped, a line is
//! cut at its first NUL. Lines longer than the cap are skipped without being held in
//! memory, so a file of any size (or one huge line) is read in bounded memory.
use std::borrow::Cow;
use std::io::{self, BufRead};

/// What [`LineReader::next_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// A line is ready in [`LineReader::line`].
    Line,
    /// A line longer than the cap was skipped.
    TooLong,
    /// End of input.
    Eof,
}

/// A streaming line splitter over any buffered reader.
#[derive(Debug)]
pub struct LineReader<R> {
    inner: R,
    max_line: usize,
    buf: Vec<u8>,
    after_cr: bool,
    first: bool,
    consumed: u64,
}

impl<R: BufRead> LineReader<R> {
    /// Read lines of at most `max_line` bytes from `inner`.
    pub fn new(inner: R, max_line: usize) -> Self {
        LineReader {
            inner,
            max_line,
            buf: Vec::new(),
            after_cr: false,
            first: true,
            consumed: 0,
        }
    }

    /// Bytes consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.consumed
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.consumed += n as u64;
    }

    /// Advance to the next line.
    pub fn next_line(&mut self) -> io::Result<LineRead> {
        self.buf.clear();
        let mut too_long = false;
        let mut any = false;
        loop {
            let avail = match self.inner.fill_buf() {
                Ok(avail) => avail,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok(match (any, too_long) {
                    (false, _) => LineRead::Eof,
                    (true, true) => LineRead::TooLong,
                    (true, false) => LineRead::Line,
                });
            }
            if self.after_cr {
                self.after_cr = false;
                if avail[0] == b'\n' {
                    self.consume(1);
                    continue;
                }
            }
            any = true;
            let (take, end) = match memchr::memchr2(b'\n', b'\r', avail) {
                Some(at) => (at, Some(avail[at])),
                None => (avail.len(), None),
            };
            if !too_long {
                if self.buf.len() + take > self.max_line {
                    too_long = true;
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(&avail[..take]);
                }
            }
            match end {
                Some(byte) => {
                    self.after_cr = byte == b'\r';
                    self.consume(take + 1);
                    return Ok(if too_long {
                        LineRead::TooLong
                    } else {
                        LineRead::Line
                    });
                }
                None => self.consume(take),
            }
        }
    }

    /// The current line's text (BOM dropped on the first line, cut at NUL) and whether
    /// it had to be decoded lossily.
    pub fn line(&mut self) -> (Cow<'_, str>, bool) {
        let mut bytes: &[u8] = &self.buf;
        if std::mem::take(&mut self.first) {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        if let Some(nul) = memchr::memchr(0, bytes) {
            bytes = &bytes[..nul];
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => (Cow::Borrowed(text), false),
            Err(_) => (String::from_utf8_lossy(bytes), true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &[u8], cap: usize) -> Vec<String> {
        let mut r = LineReader::new(io::BufReader::with_capacity(4, data), cap);
        let mut out = Vec::new();
        loop {
            match r.next_line() {
                Ok(LineRead::Line) => out.push(r.line().0.into_owned()),
                Ok(LineRead::TooLong) => out.push("<long>".into()),
                Ok(LineRead::Eof) | Err(_) => return out,
            }
        }
    }

    #[test]
    fn splits_like_read_csv() {
        assert_eq!(
            lines(b"\xef\xbb\xbfa x\rb y\nc z\r\nd", 100),
            ["a x", "b y", "c z", "d"]
        );
        assert_eq!(lines(b"x\x00y\n\n", 100), ["x", ""]);
        assert_eq!(
            lines(b"short\n0123456789abc\nok\r", 10),
            ["short", "<long>", "ok"]
        );
        assert_eq!(lines(b"\xffab\n", 10), ["\u{fffd}ab"]);
    }
}
