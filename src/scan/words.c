/* words.c - the static word lists that keep free-text scanning precise.
 *
 * A sanctions list holds names such as ISRAEL (an alias), WASHINGTON TRADING,
 * MINSA or BARUS; in running text the words "Israel", "Washington", "Minsk" or
 * "Belarus" are places, not parties.  These lists say which words are too
 * common, or are places, to be the evidence of a mention on their own:
 *
 * - common English words (the frequent content words of news and payment
 *   text: verbs, nouns, adjectives; function words are already stopwords in
 *   match/tokens.c),
 * - titles, offices and roles that stand in front of a name ("Defense
 *   Minister", "Brigadier General"),
 * - world cities and regions (country names come from ICU, see scan.c),
 * - country demonyms and the phrases that name a country ("Russian
 *   Federation", "Republic of Belarus"), mapped to one canonical word so that
 *   "Belarus", "Belarusian" and "of the Republic of Belarus" compare equal.
 *
 * All entries are normalized (lowercase ASCII, single spaces).  Static const
 * data only. */
#include "scan/scan.h"
#include <stddef.h>

const char *const emb_scan_common_words[] = {
    /* verbs */
    "accept", "accepted", "according", "account", "accused", "achieve", "act", "acted", "add", "added",
    "agree", "agreed", "aim", "aimed", "allow", "allowed", "announce", "announced", "appear", "apply",
    "approve", "approved", "argue", "arrive", "arrived", "ask", "asked", "attack", "attacked", "avoid",
    "become", "began", "begin", "believe", "belong", "bring", "build", "built", "buy", "call", "called",
    "came", "carry", "cause", "change", "changed", "charge", "charged", "choose", "claim", "claimed",
    "close", "closed", "come", "comes", "consider", "continue", "continued", "control", "cost", "could",
    "create", "created", "cut", "deal", "decide", "decided", "decried", "deepen", "deliver", "denied",
    "denies", "deny", "describe", "design", "destroyed", "develop", "die", "died", "do", "does", "done",
    "draw", "drive", "drop", "eat", "end", "ended", "engage", "enter", "expand", "expect", "expected",
    "explain", "face", "faced", "facing", "fall", "feel", "fight", "fill", "find", "finish", "follow",
    "following", "found", "gave", "get", "give", "given", "go", "goes", "going", "gone", "got", "grapple",
    "grow", "had", "happen", "has", "have", "having", "hear", "help", "hit", "hold", "holds", "hope",
    "hosted", "imposed", "improve", "include", "included", "includes", "including", "increase", "joined",
    "keep", "kill", "killed", "knew", "know", "known", "lead", "learn", "leave", "led", "left", "let",
    "lie", "like", "likely", "listen", "live", "look", "lose", "lost", "made", "make", "makes", "mark",
    "marks", "may", "mean", "meet", "meets", "met", "might", "mind", "miss", "move", "moved", "must",
    "need", "needs", "offer", "open", "opened", "order", "ordered", "own", "paid", "pass", "pay", "pick",
    "place", "plan", "planned", "play", "point", "prepare", "present", "prevent", "produce", "protect",
    "provide", "provided", "pull", "purchase", "push", "put", "raise", "reach", "read", "rebuild",
    "receive", "received", "reduce", "refuse", "rein", "release", "remain", "remains", "remember",
    "remove", "report", "reported", "require", "restricted", "restore", "restored", "return", "returned",
    "reveal", "rise", "run", "said", "sanction", "sanctioned", "save", "saw", "say", "says", "see",
    "seek", "seeking", "seeks", "seem", "seen", "sell", "send", "sent", "serve", "set", "should", "show",
    "sign", "signed", "sit", "speak", "spend", "stand", "start", "started", "stay", "stop", "strengthen",
    "suggest", "supplied", "supply", "support", "supported", "suspend", "take", "taken", "talk", "target",
    "targeted", "targeting", "tell", "think", "thought", "told", "took", "transfer", "try", "turn",
    "turned", "understand", "use", "used", "visit", "visited", "visiting", "wait", "walk", "want", "warn",
    "was", "watch", "welcome", "welcomes", "went", "were", "will", "win", "wish", "work", "worked",
    "would", "write", "wrote",
    /* nouns */
    "access", "accord", "action", "activities", "activity", "address", "administration", "advance",
    "affairs", "agency", "agent", "agreement", "aid", "aircraft", "airline", "airport", "alliance",
    "ammunition", "amount", "analysis", "anniversary", "area", "arm", "arms", "army", "art", "asset",
    "assets", "association", "attacks", "attention", "authorities", "authority", "bank", "banks", "base",
    "basis", "bill", "black", "blue", "board", "body", "bond", "bonds", "book", "border", "box", "branch",
    "brother", "budget", "building", "bureau", "business", "capabilities", "capability", "capital",
    "car", "card", "care", "cargo", "case", "cash", "center", "centre", "century", "chairman", "chamber",
    "chance", "charges", "chief", "child", "children", "church", "citizen", "city", "civil", "claims",
    "class", "club", "coalition", "coast", "code", "command", "commerce", "commission", "committee",
    "community", "concern", "conference", "conflict", "congress", "contract", "cooperation", "coordination",
    "corps", "council", "counterweight", "countries", "country", "county", "course", "court", "credit",
    "crime", "crisis", "culture", "currency", "customer", "customs", "data", "date", "daughter", "day",
    "days", "death", "debt", "decision", "defence", "defense", "demand", "demands", "department",
    "deposit", "deputy", "development", "diplomacy", "director", "district", "division", "doctor",
    "dollar", "dollars", "door", "drones", "drug", "drugs", "duty", "east", "economy", "education",
    "effect", "effort", "election", "electric", "embassy", "energy", "engine", "entities", "entity",
    "environment", "equipment", "estate", "euro", "euros", "event", "evidence", "example", "exchange",
    "executive", "expansion", "exports", "eye", "fact", "factory", "family", "farm", "father", "fear",
    "federal", "federation", "fee", "field", "figure", "film", "finance", "financial", "fire", "firm",
    "fleet", "flight", "food", "force", "forces", "form", "foundation", "freedom", "friend", "front",
    "fuel", "fund", "funds", "future", "game", "gas", "girl", "goal", "gold", "goods", "government",
    "governments", "governor", "green", "ground", "growth", "guard", "gun", "half", "hand", "head",
    "health", "heart", "help", "history", "home", "hospital", "hotel", "hour", "house", "human",
    "idea", "industrial", "industry", "information", "institute", "insurance", "interest", "interior",
    "invasion", "investment", "invoice", "issue", "job", "journal", "justice", "key", "kind", "land",
    "language", "launchpad", "law", "leader", "leaders", "level", "life", "light", "line", "list",
    "loan", "logistics", "lord", "loss", "love", "machine", "man", "management", "market", "marine",
    "matter", "media", "medical", "meeting", "member", "members", "men", "message", "metal", "method",
    "middle", "military", "mill", "mine", "mining", "ministry", "minute", "mission", "model", "moment",
    "money", "month", "months", "morning", "mother", "movement", "music", "name", "nation", "nations",
    "navy", "needs", "network", "news", "night", "north", "note", "number", "office", "officer", "officials",
    "oil", "operation", "opinion", "organization", "organisation", "page", "pain", "paper", "parade",
    "parent", "parliament", "part", "partner", "partnership", "parts", "party", "payment", "peace",
    "people", "period", "person", "phone", "picture", "piece", "plant", "police", "policy", "port",
    "position", "post", "power", "pressure", "price", "prison", "problem", "process", "product",
    "production", "profit", "program", "programme", "prohibitions", "project", "property", "prosecutor",
    "province", "public", "purpose", "quality", "question", "race", "radio", "rate", "readiness",
    "reason", "record", "red", "reference", "reform", "region", "regions", "relations", "republic",
    "research", "reserve", "resource", "resources", "restrictions", "result", "revenue", "right",
    "rights", "risk", "river", "road", "rock", "role", "room", "rule", "rules", "safety", "sale", "sales",
    "salt", "sanctions", "school", "science", "sea", "season", "seat", "secretary", "sector", "sectors",
    "security", "senate", "series", "service", "ship", "shipping", "shop", "side", "sign", "silver",
    "site", "size", "society", "soldier", "soldiers", "son", "song", "sort", "sound", "source", "south",
    "space", "special", "spokesman", "spokeswoman", "sport", "staff", "star", "station", "steel", "step",
    "stock", "story", "street", "student", "study", "subject", "success", "summer", "sun", "support",
    "surface", "system", "systems", "table", "tax", "team", "technology", "television", "term",
    "territory", "test", "theory", "thing", "things", "time", "times", "today", "top", "total", "town",
    "trade", "transactions", "transfers", "transport", "travel", "treasury", "treaty", "troops", "truth",
    "type", "union", "unit", "university", "user", "value", "vessel", "victory", "view", "village",
    "voice", "war", "water", "way", "weapon", "weapons", "week", "weeks", "west", "white", "wife",
    "wind", "window", "woman", "women", "word", "world", "year", "years", "youth", "zone",
    /* adjectives and adverbs */
    "able", "active", "additional", "advanced", "air", "big", "both", "broad", "central", "certain",
    "civilian", "clear", "closer", "common", "current", "dark", "deep", "democratic", "different",
    "direct", "early", "eastern", "economic", "european", "even", "ever", "far", "fine", "first", "foreign",
    "free", "friendly", "full", "further", "good", "great", "harsh", "high", "illegal", "important",
    "independent", "international", "islamic", "joint", "just", "large", "last", "late", "later",
    "least", "little", "local", "long", "low", "main", "major", "many", "modern", "more", "most", "much",
    "national", "natural", "nazi", "near", "new", "next", "northern", "nuclear", "old", "only", "open",
    "other", "past", "personal", "political", "popular", "possible", "previous", "prime", "private",
    "real", "recent", "regional", "renewed", "revolutionary", "rich", "same", "second", "senior",
    "several", "short", "small", "social", "southern", "strong", "supranational", "sure", "third",
    "unacceptable", "united", "various", "very", "western", "whole", "wide", "young",
    /* news words that are list tokens too */
    "ministry", "minister", "president", "vice", "premier", "king", "queen", "prince", "princess",
    "ambassador", "envoy", "head", "spokesperson", "mayor", "chancellor", "commander", "colonel",
    "general", "admiral", "officer", "agent", "deputy", "director", "chairman", "chairwoman", "ceo",
    "founder", "owner", "manager", "member", "leader", "chief", "secretary", "adviser", "advisor",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand",
    "million", "billion", "also", "after", "again", "against", "ago", "all", "along", "already", "although",
    "among", "amid", "any", "around", "because", "before", "being", "below", "between", "beyond", "but",
    "can", "did", "down", "during", "each", "either", "else", "every", "few", "from", "here", "how",
    "however", "into", "its", "last", "less", "many", "not", "now", "off", "often", "once", "out", "over",
    "per", "since", "still", "such", "than", "that", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "under", "until", "upon", "well", "what", "when", "where", "which",
    "while", "who", "whom", "whose", "why", "with", "within", "without", "yet", "you", "your", "our",
    "ours", "she", "him", "his", "her", "hers", "its", "was", "are", "been", "is", "it", "we", "us",
    "via", "ref", "inv", "usd", "eur", "rub", "transfer", "remittance", "beneficiary", "sender",
    "payment", "payments", "goods", "shipment", "consignment", "balance", "advance", "services",
    "freight", "spare", "parts", "ticket", "tickets", "salary", "settlement", "consulting", "fees",
    "supply", "supplies", "construction", "productive", "college", "library", "statement", "contract",
    "delivery", "repair", "maintenance", "rent", "lease", "loan", "interest", "tuition", "donation",
    "gift", "refund", "deposit", "withdrawal", "commission", "bonus", "pension", "insurance", "premium",
    "purchase", "sale", "order", "quote", "quotation", "shipping", "logistics", "tax", "vat", "duty",
    "charity", "travel", "hotel", "booking", "flight", "airfare", "cargo", "container", "invoice",
    "invoices", "expenses", "medical", "school", "university", "software", "hardware", "license",
    "subscription", "membership", "utilities", "electricity", "telecom", "mobile", "internet",
    "nothing", "attended", "spoke", "issued", "opened", "continued", "flights", "talks", "covered",
    NULL};

/* Words that stand in front of a name and are not part of it. */
const char *const emb_scan_title_words[] = {
    "minister", "president", "vice", "premier", "prime", "deputy", "foreign", "defense", "defence",
    "interior", "finance", "chairman", "chairwoman", "chair", "head", "chief", "director", "general",
    "brigadier", "colonel", "major", "captain", "lieutenant", "commander", "admiral", "sergeant",
    "marshal", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "secretary", "senator",
    "governor", "mayor", "king", "queen", "prince", "princess", "sheikh", "emir", "judge", "justice",
    "officer", "official", "leader", "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "lord", "lady",
    "ceo", "cfo", "founder", "owner", "businessman", "businesswoman", "oligarch", "tycoon", "former",
    "late", "acting", "senior", "junior", "iranian", "russian", "belarusian", "american", "british",
    "chinese", "syrian", "ukrainian", NULL};

/* Cities, regions and other places that appear in news text and in list
 * names (addresses, company names) but name no party by themselves. */
const char *const emb_scan_place_words[] = {
    "minsk", "tehran", "teheran", "moscow", "kyiv", "kiev", "washington", "london", "paris", "berlin",
    "beijing", "pyongyang", "damascus", "baghdad", "beirut", "kabul", "caracas", "havana", "ankara",
    "istanbul", "dubai", "abu dhabi", "riyadh", "doha", "cairo", "tripoli", "khartoum", "sanaa",
    "aden", "mogadishu", "tashkent", "almaty", "astana", "baku", "yerevan", "tbilisi", "vilnius",
    "riga", "tallinn", "warsaw", "prague", "vienna", "budapest", "bucharest", "sofia", "belgrade",
    "rome", "madrid", "lisbon", "brussels", "amsterdam", "geneva", "zurich", "stockholm", "oslo",
    "helsinki", "copenhagen", "dublin", "athens", "jerusalem", "tel aviv", "gaza", "ramallah", "amman",
    "tokyo", "seoul", "shanghai", "hong kong", "singapore", "jakarta", "manila", "bangkok", "hanoi",
    "delhi", "new delhi", "mumbai", "karachi", "islamabad", "lahore", "dhaka", "colombo", "kathmandu",
    "new york", "los angeles", "chicago", "miami", "houston", "toronto", "ottawa", "mexico city",
    "bogota", "lima", "santiago", "buenos aires", "brasilia", "sao paulo", "rio de janeiro", "panama",
    "managua", "nairobi", "lagos", "abuja", "johannesburg", "pretoria", "addis ababa", "kinshasa",
    "bamako", "niamey", "dakar", "algiers", "tunis", "rabat", "casablanca", "st petersburg",
    "petersburg", "saint petersburg", "sevastopol", "donetsk", "luhansk", "lugansk", "crimea", "mariupol",
    "kharkiv", "odesa", "odessa", "grodno", "gomel", "brest", "vitebsk", "mogilev", "isfahan", "mashhad",
    "tabriz", "shiraz", "qom", "bandar abbas", "latakia", "aleppo", "homs", "mosul", "basra", "erbil",
    "kandahar", "herat", "europe", "asia", "africa", "america", "americas", "middle east", "gulf",
    "persian gulf", "black sea", "caspian", "baltic", "balkans", "caucasus", "siberia", "donbas",
    "kremlin", "white house", "pentagon", "west", "east", "north", "south", "western", "eastern",
    "united nations", "european union", "nato", "un", "eu", "us", "usa", "uk", NULL};

/* Country phrases and adjectives -> the canonical word of the country.  ICU's
 * English country names are added in scan.c (each maps to itself with its
 * spaces removed); these are the forms that ICU does not give. */
const emb_scan_alias emb_scan_country_aliases[] = {
    {"russian federation", "russia"}, {"russian", "russia"}, {"russians", "russia"},
    {"belarusian", "belarus"}, {"belarussian", "belarus"}, {"byelorussia", "belarus"},
    {"byelorussian", "belarus"}, {"belorussian", "belarus"}, {"belorussia", "belarus"},
    {"iranian", "iran"}, {"iranians", "iran"}, {"persia", "iran"}, {"persian", "iran"},
    {"islamic republic of iran", "iran"}, {"iran islamic republic of", "iran"},
    {"syrian", "syria"}, {"syrian arab republic", "syria"}, {"ukrainian", "ukraine"},
    {"iraqi", "iraq"}, {"afghan", "afghanistan"}, {"chinese", "china"}, {"peoples republic of china", "china"},
    {"cuban", "cuba"}, {"north korean", "northkorea"}, {"north korea", "northkorea"}, {"dprk", "northkorea"},
    {"democratic peoples republic of korea", "northkorea"}, {"south korea", "southkorea"},
    {"south korean", "southkorea"}, {"republic of korea", "southkorea"}, {"lebanese", "lebanon"},
    {"yemeni", "yemen"}, {"libyan", "libya"}, {"venezuelan", "venezuela"}, {"pakistani", "pakistan"},
    {"somali", "somalia"}, {"sudanese", "sudan"}, {"mexican", "mexico"}, {"colombian", "colombia"},
    {"turkish", "turkey"}, {"turkiye", "turkey"}, {"emirati", "unitedarabemirates"},
    {"uae", "unitedarabemirates"}, {"saudi", "saudiarabia"}, {"saudi arabian", "saudiarabia"},
    {"egyptian", "egypt"}, {"american", "unitedstates"}, {"americans", "unitedstates"},
    {"united states", "unitedstates"}, {"united states of america", "unitedstates"},
    {"usa", "unitedstates"},
    {"british", "unitedkingdom"}, {"uk", "unitedkingdom"}, {"great britain", "unitedkingdom"},
    {"britain", "unitedkingdom"}, {"german", "germany"}, {"french", "france"}, {"indian", "india"},
    {"nigerian", "nigeria"}, {"israeli", "israel"}, {"israelis", "israel"}, {"palestinian", "palestine"},
    {"kazakh", "kazakhstan"}, {"uzbek", "uzbekistan"}, {"georgian", "georgia"}, {"armenian", "armenia"},
    {"azerbaijani", "azerbaijan"}, {"moldovan", "moldova"}, {"polish", "poland"}, {"lithuanian", "lithuania"},
    {"latvian", "latvia"}, {"estonian", "estonia"}, {"burmese", "myanmar"}, {"burma", "myanmar"},
    {"nicaraguan", "nicaragua"}, {"eritrean", "eritrea"}, {"ethiopian", "ethiopia"}, {"malian", "mali"},
    {"soviet", "ussr"}, {"soviet union", "ussr"}, {"ussr", "ussr"}, {"japanese", "japan"},
    {"italian", "italy"}, {"spanish", "spain"}, {"swiss", "switzerland"}, {"dutch", "netherlands"},
    {"austrian", "austria"}, {"hungarian", "hungary"}, {"serbian", "serbia"}, {"croatian", "croatia"},
    {"greek", "greece"}, {"cypriot", "cyprus"}, {"maltese", "malta"}, {"qatari", "qatar"},
    {"omani", "oman"}, {"kuwaiti", "kuwait"}, {"bahraini", "bahrain"}, {"jordanian", "jordan"},
    {"algerian", "algeria"}, {"moroccan", "morocco"}, {"tunisian", "tunisia"}, {"kenyan", "kenya"},
    {"zimbabwean", "zimbabwe"}, {"congolese", "congo"}, {"bosnian", "bosnia"}, {"albanian", "albania"},
    {"canadian", "canada"}, {"brazilian", "brazil"}, {"argentine", "argentina"}, {"chilean", "chile"},
    {"peruvian", "peru"}, {"bolivian", "bolivia"}, {"ecuadorian", "ecuador"}, {"haitian", "haiti"},
    {"vietnamese", "vietnam"}, {"viet nam", "vietnam"}, {"thai", "thailand"}, {"malaysian", "malaysia"},
    {"indonesian", "indonesia"}, {"filipino", "philippines"}, {"bangladeshi", "bangladesh"},
    {"sri lankan", "srilanka"}, {"nepali", "nepal"}, {"tajik", "tajikistan"}, {"kyrgyz", "kyrgyzstan"},
    {"turkmen", "turkmenistan"}, {"mongolian", "mongolia"}, {"australian", "australia"},
    {NULL, NULL}};

/* Words of the legal-form phrases of match/tokens.c (the table that
 * emb_prepare folds into one canonical token: "joint stock company" -> JSC).
 * The scan prepares a window of text from its cached tokens and calls
 * emb_prepare only when the window may hold such a phrase: a word that is a
 * legal form by itself (emb_legal_canon), or a first word followed by a
 * later word of some phrase.  These two lists mirror that table; builds
 * with a sanitizer check every window against emb_prepare (scan.c), so a
 * phrase added there and missed here shows up in the tests. */
const char *const emb_scan_legal_first[] = {
    "a", "aktsionerne", "aktsionernoe", "b", "c", "closed", "co", "compania", "company", "d", "empresa",
    "fz", "fzco", "gesellschaft", "joint", "jointstock", "kabushiki", "l", "limited", "n", "obschestvo",
    "obshchestvo", "open", "otkrytoe", "private", "pryvatne", "pte", "pty", "public", "publichne",
    "publichnoe", "pvt", "s", "sa", "sdn", "sendirian", "sociedad", "sociedade", "societe", "sp",
    "spolka", "tovarystvo", "w", "zakrytoe", NULL};

const char *const emb_scan_legal_next[] = {
    "a", "abierta", "acciones", "actions", "aktsionerne", "aktsionernoe", "anonima", "anonyme", "berhad",
    "beschrankter", "bhd", "c", "capital", "cerrada", "co", "comandita", "comercial", "company", "cv",
    "de", "en", "haftung", "individual", "joint", "kaisha", "l", "liability", "limitada", "limited",
    "limitee", "llc", "ltd", "mit", "o", "obmezhenoiu", "obmezhenoyu", "obshchestvo",
    "odpowiedzialnoscia", "ogranichennoi", "ogranichennoy", "ograniczona", "otvetstvennostiu",
    "otvetstvennostyu", "p", "par", "partnership", "por", "r", "responsabilidad", "responsabilite", "rl",
    "s", "simplificada", "simplifiee", "stock", "tovarystvo", "v", "variable", "vidpovidalnistiu",
    "vidpovidalnistyu", "z", NULL};

/* One-word legal forms of six letters or more: tokens.c also takes their
 * romanization variants (same skeleton), which emb_legal_canon does not. */
const char *const emb_scan_legal_long[] = {"berhad", "incorporated", "limited", NULL};
