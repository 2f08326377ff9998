//! The fields msticpy's `GeoLiteLookup._create_ip_entity` reads from a City or
//! Country record, decoded without building the whole record.
use serde::Deserialize;

#[derive(Deserialize, Default)]
struct Names<'a> {
    #[serde(borrow, default)]
    en: Option<&'a str>,
}

#[derive(Deserialize, Default)]
struct Named<'a> {
    #[serde(borrow, default)]
    iso_code: Option<&'a str>,
    #[serde(borrow, default)]
    names: Option<Names<'a>>,
}

#[derive(Deserialize, Default)]
struct Location {
    #[serde(default)]
    latitude: Option<f64>,
    #[serde(default)]
    longitude: Option<f64>,
}

/// The record subset msticpy uses; every other key is skipped by the decoder.
#[derive(Deserialize, Default)]
pub(crate) struct CitySubset<'a> {
    #[serde(borrow, default)]
    country: Option<Named<'a>>,
    #[serde(borrow, default)]
    city: Option<Named<'a>>,
    #[serde(borrow, default)]
    subdivisions: Option<Vec<Named<'a>>>,
    #[serde(default)]
    location: Option<Location>,
}

/// One location as msticpy's `GeoLocation` entity holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoRecord {
    /// `country.iso_code`.
    pub country_code: Option<String>,
    /// `country.names.en`.
    pub country_name: Option<String>,
    /// `subdivisions[0].names.en` (msticpy's `State`).
    pub state: Option<String>,
    /// `city.names.en`.
    pub city: Option<String>,
    /// `location.longitude`.
    pub longitude: Option<f64>,
    /// `location.latitude`.
    pub latitude: Option<f64>,
}

fn english(named: Option<&Named<'_>>) -> Option<String> {
    named
        .and_then(|n| n.names.as_ref())
        .and_then(|n| n.en)
        .map(str::to_owned)
}

impl From<CitySubset<'_>> for GeoRecord {
    fn from(rec: CitySubset<'_>) -> Self {
        Self {
            country_code: rec
                .country
                .as_ref()
                .and_then(|c| c.iso_code)
                .map(str::to_owned),
            country_name: english(rec.country.as_ref()),
            state: english(rec.subdivisions.as_ref().and_then(|s| s.first())),
            city: english(rec.city.as_ref()),
            longitude: rec.location.as_ref().and_then(|l| l.longitude),
            latitude: rec.location.as_ref().and_then(|l| l.latitude),
        }
    }
}
