//! `quire build --timings`: how long each stage of a build took, so a slow
//! site can say where its time goes and a benchmark can break a build down.

use std::time::{Duration, Instant};

/// Stages in the order they ran, each with its wall time.
#[derive(Debug, Clone)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            stages: Vec::new(),
            last: Instant::now(),
        }
    }
}

impl Timings {
    /// Ends `stage`: it took the time since the previous stage ended.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }

    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }

    /// `load 41 ms, parse 120 ms, … (total 802 ms)`.
    pub fn summary(&self) -> String {
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        let parts: Vec<String> = self
            .stages
            .iter()
            .map(|(name, d)| format!("{name} {} ms", d.as_millis()))
            .collect();
        format!("{} (total {} ms)", parts.join(", "), total.as_millis())
    }
}
