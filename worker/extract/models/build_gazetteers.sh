#!/usr/bin/env bash
# build_gazetteers.sh - rebuilds the gazetteers in gaz/ from the shared open-licence data:
# world-countries (ODbL), world-cities (CC BY 4.0, GeoNames), first-names-en (PDDL/CC0), and
# the GeoNames cities of Debian's libgeonames0 for the coordinates of cities (places.tsv).
# usage: build_gazetteers.sh [DATA_DIR]   (default: <repo>/../shared/data)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
data="${1:-$root/../shared/data}"
out="$here/gaz"
mkdir -p "$out"
/usr/bin/python3 - "$data" "$out" <<'PY'
import csv, sys, os
data, out = sys.argv[1], sys.argv[2]

def write(name, header, rows):
    rows = sorted(set(rows))
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(header)
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{name}: {len(rows)} lines")

# Countries: common and official names, longer alternative spellings, and the aliases news
# uses that the data lacks. Canonical form: the common name.
countries, demonyms, capitals = [], [], set()
with open(os.path.join(data, "world-countries/countries.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        common = row["name.common"]
        names = {common, row["name.official"]}
        for alt in row["altSpellings"].split(","):
            alt = alt.strip()
            # Two- and three-letter codes ("IT", "IN") are ordinary words far too often.
            if len(alt) >= 4 and not alt.isupper():
                names.add(alt)
        for n in names:
            if n and n.isascii():
                countries.append((n, common))
        for d in (row["demonyms.eng.m"], row["demonyms.eng.f"]):
            if d and d.isascii():
                demonyms.append((d, common))
        for c in row["capital"].split(","):
            if c.strip():
                capitals.add(c.strip())
aliases = {
    "United States": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "United Arab Emirates": ["UAE", "U.A.E."],
    "DR Congo": ["DRC", "Democratic Republic of Congo"],
    "China": ["People's Republic of China", "mainland China"],
    "South Korea": ["Republic of Korea"],
    "Russia": ["Russian Federation"],
    "Netherlands": ["Holland"],
    "Czechia": ["Czech Republic"],
    "Ivory Coast": ["Côte d'Ivoire"],
}
for canon, al in aliases.items():
    for a in al:
        countries.append((a, canon))
# Home nations and continents are places news names like countries, with their own demonyms.
regions = {"England": "English", "Scotland": "Scottish", "Wales": "Welsh",
           "Northern Ireland": "Northern Irish", "Europe": "European", "Africa": "African",
           "Asia": "Asian", "Latin America": "Latin American", "Middle East": "Middle Eastern"}
for place, dem in regions.items():
    countries.append((place, place))
    demonyms.append((dem, place))
write("countries.tsv", "# phrase<TAB>country (common name); from mledoze/countries, ODbL 1.0\n",
      countries)
write("demonyms.tsv", "# demonym<TAB>country; from mledoze/countries, ODbL 1.0\n", demonyms)

# Cities: capitals and a short list of large cities, where the data has them; a name that is
# also a country stays a country.
major = """New York,Los Angeles,Chicago,Houston,San Francisco,Boston,Seattle,Miami,Atlanta,
Philadelphia,Dallas,Detroit,Las Vegas,New Orleans,Toronto,Montreal,Vancouver,Sydney,
Melbourne,Brisbane,Perth,Auckland,Shanghai,Guangzhou,Shenzhen,Hong Kong,Wuhan,Chengdu,
Chongqing,Tianjin,Nanjing,Hangzhou,Xi'an,Mumbai,Kolkata,Chennai,Bangalore,Bengaluru,Hyderabad,
Karachi,Lahore,Istanbul,Dubai,Abu Dhabi,Jeddah,Alexandria,Johannesburg,Cape Town,Durban,Lagos,
Casablanca,Manchester,Birmingham,Liverpool,Glasgow,Edinburgh,Leeds,Bristol,Belfast,Cardiff,
Milan,Naples,Turin,Venice,Florence,Barcelona,Valencia,Seville,Munich,Hamburg,Frankfurt,
Cologne,Dresden,Marseille,Lyon,Toulouse,Nice,Rotterdam,Antwerp,Geneva,Zurich,Porto,
St Petersburg,Saint Petersburg,Osaka,Kyoto,Yokohama,Busan,Sao Paulo,São Paulo,Rio de Janeiro,
Porto Alegre,Buenos Aires,Guadalajara,Monterrey,Medellin,Ho Chi Minh City,Davos,Gaza,
Kandahar,Mosul,Aleppo,Basra,Benghazi,Mombasa,Kyiv,Kiev,Kharkiv,Odesa,Odessa,Krakow,Gdansk""".replace("\n", "")
major = {m.strip() for m in major.split(",") if m.strip()}
country_names = {c for c, _ in countries}
cities = []
with open(os.path.join(data, "world-cities/world-cities.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        n = row["name"]
        if (n in capitals or n in major) and n not in country_names:
            cities.append((n,))
write("cities.tsv", "# city; from GeoNames cities15000 via datasets/world-cities, CC BY 4.0\n",
      cities)

# Given names: both lists, each with the gender of the list it is on (F, M, or U when on both:
# speaker resolution matches "he" and "she" with it); names that are also places are left out.
genders = {}
for fn, g in (("female.txt", "F"), ("male.txt", "M")):
    with open(os.path.join(data, "first-names-en", fn), encoding="ascii") as f:
        for line in f:
            n = line.strip()
            if n and n not in country_names and n not in capitals and len(n) > 1:
                genders.setdefault(n, set()).add(g)
names = [(n, g.pop() if len(g) == 1 else "U") for n, g in genders.items()]
write("firstnames.txt", "# given name<TAB>F, M or U (both); Moby Word II via stdlib-js, "
      "PDDL 1.0 / CC0 1.0\n", names)

# Organizations that news names without an organization word; written for this project.
# A name news also uses for the same organization maps to its canonical name.
orgs = """AFP,AOL,AP,ASEAN,African Union,Agence France-Presse,Airbus,Al Jazeera,Alibaba,Amazon,
Amnesty International,Antiy Labs,Apple,Aramco,Arianespace,Associated Press,AstraZeneca,
BBC,BHP,BP,Bank of England,Barclays,Bharat Biotech,BioNTech,Bloomberg,Boeing,CIA,CNN,
Chevron,Codelco,Conservatives,Democrats,Deutsche Bank,Downing Street,ECB,ESA,EU,
European Central Bank,European Union,Europol,ExxonMobil,FBI,Facebook,Fed,Federal Reserve,
G20,G7,Gazprom,Glencore,Global Times,Goldman Sachs,Google,Greenpeace,HSBC,Hamas,Hezbollah,
Huawei,Human Rights Watch,IBM,IMF,ISIS,Intel,International Monetary Fund,Interpol,
Islamic State,JPMorgan,Kremlin,Kuomintang,Labour,Meta,Microsoft,Moderna,Morgan Stanley,
NASA,NATO,NSA,Nasa,Netflix,Nvidia,OPEC,Pentagon,Pfizer,Red Cross,Republicans,Reuters,
Rio Tinto,Samsung,Shell,Sinopharm,Sinovac,Sony,SpaceX,Taliban,Tencent,Tesla,TikTok,
Time Warner,TimeWarner,Tories,Toyota,Twitter,U.N.,UN,UNESCO,UNICEF,United Nations,
Volkswagen,WHO,WTO,WeChat,Weibo,White House,World Bank,World Health Organization,
World Trade Organization,Xinhua,Yahoo,YouTube,eBay,Mail on Sunday,Independent on Sunday,
Scotland on Sunday,Wales on Sunday,Sunday Times,Sunday Telegraph,Sunday Mirror,
Sunday Express,Sunday Herald,Sunday Post,Sunday People,Sunday Business,Sunday Independent,
Sunday Tribune,Sunday Mail,Sunday World,Sunday Sport,Channel 4,Channel 5,Channel 4 News,
BBC Radio 1,BBC Radio 2,BBC Radio 3,BBC Radio 4,BBC Radio 5 Live,Radio 1,Radio 2,Radio 3,
Radio 4,Radio 5 Live,BBC News 24,BBC One,BBC Two,BBC Three,BBC Four,ITV1,No 10,Number 10,
G8,Liberal Democrats,Lib Dems,Lib Dem,Tory,Labour Party,Conservative Party,
Scottish National Party,SNP,Plaid Cymru,UKIP,Sinn Fein,DUP,Green Party,Democratic Party,
Republican Party,House of Commons,House of Lords,Commons,Bundestag,Knesset,Duma,BJP,ANC,
Likud,CDU,SPD""".replace("\n", "")
org_canon = {
    "Tories": "Conservative Party",
    "Tory": "Conservative Party",
    "Conservatives": "Conservative Party",
    "Lib Dems": "Liberal Democrats",
    "Lib Dem": "Liberal Democrats",
    "Labour Party": "Labour",
    "U.N.": "United Nations",
    "UN": "United Nations",
    "EU": "European Union",
    "Nasa": "NASA",
    "Number 10": "Downing Street",
    "No 10": "Downing Street",
    "TimeWarner": "Time Warner",
    "Agence France-Presse": "AFP",
    "Fed": "Federal Reserve",
}
write("orgs.tsv", "# organization[TAB canonical name]; hand-written for claimwire\n",
      [(o.strip(), org_canon[o.strip()]) if o.strip() in org_canon else (o.strip(),)
       for o in orgs.split(",") if o.strip()])
PY
# Places: ISO 3166-1 alpha-2 code and coordinates of every country (common name) and city of
# the gazetteers. Countries: cca2 and latlng of mledoze/countries (ODbL). Cities: GeoNames
# cities15000 (CC BY 4.0) as Debian's libgeonames0 ships it (package libgeonames-common's
# data, read through the library), the largest city of that name, a capital in its own country.
/usr/bin/python3 - "$data" "$out" <<'PY'
import csv, ctypes, os, sys
data, out = sys.argv[1], sys.argv[2]
try:
    g = ctypes.CDLL("libgeonames.so.0")
except OSError:
    sys.exit("places.tsv needs libgeonames0 (apt-get install libgeonames0)")
g.geonames_get_city.restype = ctypes.c_void_p
g.geonames_get_city.argtypes = [ctypes.c_int]
for fn in ("name", "country_code"):
    f = getattr(g, "geonames_city_get_" + fn)
    f.restype, f.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
for fn in ("latitude", "longitude"):
    f = getattr(g, "geonames_city_get_" + fn)
    f.restype, f.argtypes = ctypes.c_double, [ctypes.c_void_p]
g.geonames_city_get_population.restype = ctypes.c_uint
g.geonames_city_get_population.argtypes = [ctypes.c_void_p]
g.geonames_city_free.argtypes = [ctypes.c_void_p]
geo = {}
for i in range(g.geonames_get_n_cities()):
    c = g.geonames_get_city(i)
    geo.setdefault(g.geonames_city_get_name(c).decode(), []).append(
        (g.geonames_city_get_population(c), g.geonames_city_get_country_code(c).decode(),
         g.geonames_city_get_latitude(c), g.geonames_city_get_longitude(c)))
    g.geonames_city_free(c)
# Names GeoNames spells otherwise, and one name whose largest city is not the one news means.
spelled = {"Astana": "Nur-Sultan", "Ulan Bator": "Ulaanbaatar", "Odesa": "Odessa",
           "Nouméa": "Noumea"}
prefer = {"Valencia": "ES"}
rows, capital_cc = [], {}
with open(os.path.join(data, "world-countries/countries.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        for cap in row["capital"].split(","):
            if cap.strip():
                capital_cc.setdefault(cap.strip(), row["cca2"])
        lat, _, lon = row["latlng"].partition(",")
        if row["cca2"] and lat and lon:
            rows.append((row["name.common"], row["cca2"], "%.4f" % float(lat), "%.4f" % float(lon)))
with open(os.path.join(out, "cities.tsv"), encoding="utf-8") as f:
    for line in f:
        n = line.strip()
        if not n or n.startswith("#"):
            continue
        cands = geo.get(spelled.get(n, n), [])
        want = capital_cc.get(n) or prefer.get(n)
        if want:
            cands = [c for c in cands if c[1] == want] or cands
        if cands:
            _, cc, lat, lon = max(cands)
            rows.append((n, cc, "%.4f" % lat, "%.4f" % lon))
        elif n in capital_cc:
            rows.append((n, capital_cc[n], "", ""))
rows = sorted(set(rows))
with open(os.path.join(out, "places.tsv"), "w", encoding="utf-8") as f:
    f.write("# place<TAB>ISO 3166-1 alpha-2<TAB>latitude<TAB>longitude (WGS 84 degrees, empty when "
            "unknown); countries from mledoze/countries, ODbL 1.0; cities from GeoNames "
            "cities15000 (geonames.org), CC BY 4.0\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
print(f"places.tsv: {len(rows)} lines")
PY
# The checksums of the new gazetteers (and of the models, which must exist already).
"$(dirname "$0")/update_sums.sh"
