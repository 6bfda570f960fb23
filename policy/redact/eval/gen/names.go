package main

// Names of people and places the corpus speaks about. They are written as
// a formatter would print them; fold gives the recogniser's spelling.

var firstNames = []string{
	// English, common and less common.
	"John", "Sarah", "Michael", "Emma", "David", "Olivia", "James", "Charlotte", "Daniel",
	"Rebecca", "Thomas", "Hannah", "Peter", "Laura", "Richard", "Claire", "Gareth", "Siobhan",
	"Aoife", "Niamh", "Callum", "Imogen", "Rhys", "Eilidh", "Tobias", "Phoebe", "Declan",
	"Marjorie", "Nigel", "Beatrix", "Cormac", "Winifred", "Ptolemy", "Tamsin", "Oisin",
	"Priya", "Aaliyah", "Chukwuemeka", "Ngozi", "Mohammed", "Fatima", "Wojciech", "Agnieszka",
	// Danish.
	"Søren", "Mette", "Frederik", "Signe", "Rasmus", "Kirsten", "Bjarke", "Ingeborg", "Asbjørn",
	"Malthe", "Freja", "Mikkel", "Ida", "Jesper", "Birthe", "Torben", "Lærke", "Aksel",
	"Sørine", "Esben", "Karen", "Jørgen", "Vibeke", "Troels", "Dorthe", "Ejnar", "Gunhild",
	"Halfdan", "Ulla", "Bodil", "Kasper", "Nanna", "Tue",
	// Estonian.
	"Tõnu", "Mart", "Kadri", "Liis", "Jaanus", "Triin", "Ülle", "Margus", "Priit", "Kersti",
	"Aet", "Heino", "Mihkel", "Piret", "Rein", "Tiiu", "Ene", "Urmas", "Kärt", "Siim",
	"Maarja", "Jüri", "Helle", "Anneli", "Toomas", "Kaja", "Andrus", "Merike", "Villu", "Külli",
}

var surnames = []string{
	// English and other UK surnames.
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
	"Roberts", "Johnson", "Walker", "Wright", "Thompson", "Hughes", "Okafor", "Whitfield",
	"Hargreaves", "Pemberton", "Featherstone", "Ashworth", "Fitzgerald", "McAllister",
	"Nowak", "Kowalski", "Patel", "Chaudhry", "Adeyemi", "Quigley", "Ramsbottom", "Llewellyn",
	// Danish.
	"Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
	"Rasmussen", "Jørgensen", "Kjærgaard", "Østergaard", "Bækgaard", "Lindhardt", "Thygesen",
	"Mikkelsen", "Frandsen", "Gregersen", "Kierkegaard", "Skovgaard", "Dalsgaard", "Villadsen",
	"Brøndum", "Munch", "Holm",
	// Estonian.
	"Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Põld", "Lepik",
	"Kõiv", "Vaher", "Oja", "Pärn", "Kivi", "Luik", "Mets", "Kuusk", "Raudsepp", "Tooming",
	"Laur", "Lõhmus", "Jõgi", "Ots", "Sild",
}

// nameWords are names that are also ordinary English words; the negatives
// use them as words.
var nameWords = []string{"will", "mark", "may", "grace", "bill", "hope", "rose", "jack", "dawn", "april", "june", "frank", "max", "pat", "sue", "rob", "art", "joy", "faith", "penny", "grant", "drew", "rich", "chase", "summer", "holly", "amber", "sunny", "victor", "ray"}

type street struct{ name, kind string }

var ukStreets = []street{
	{"Baker", "Street"}, {"Elm", "Road"}, {"Hawthorn", "Close"}, {"Victoria", "Road"},
	{"Church", "Lane"}, {"Mill", "Lane"}, {"Station", "Road"}, {"Kingsley", "Avenue"},
	{"Queens", "Drive"}, {"Willow", "Crescent"}, {"Chester", "Terrace"}, {"Albion", "Street"},
	{"Ashgrove", "Gardens"}, {"Primrose", "Hill"}, {"Larch", "Way"}, {"Beech", "Grove"},
	{"Foxglove", "Close"}, {"Marlborough", "Place"}, {"Tennyson", "Court"}, {"Cavendish", "Square"},
	{"St Aidan's", "Road"}, {"Harrowgate", "Lane"}, {"Blenheim", "Avenue"}, {"Rowan", "Walk"},
}

var usStreets = []street{
	{"Oak Ridge", "Drive"}, {"Maple", "Avenue"}, {"Sunset", "Boulevard"}, {"Pine", "Street"},
	{"Cedar Hollow", "Lane"}, {"Lakeview", "Court"}, {"Magnolia", "Way"}, {"Jefferson", "Avenue"},
	{"Elmwood", "Drive"}, {"Birch", "Street"}, {"Willow Creek", "Road"}, {"Highland", "Parkway"},
}

type ukTown struct{ city, area string }

var ukTowns = []ukTown{
	{"London", "NW"}, {"London", "SW"}, {"London", "E"}, {"London", "N"}, {"Manchester", "M"},
	{"Leeds", "LS"}, {"Bristol", "BS"}, {"Edinburgh", "EH"}, {"Cardiff", "CF"}, {"Glasgow", "G"},
	{"Birmingham", "B"}, {"Norwich", "NR"}, {"York", "YO"}, {"Brighton", "BN"},
}

type usTown struct{ city, state, stateWord, zip3 string }

var usTowns = []usTown{
	{"Austin", "TX", "texas", "787"}, {"Portland", "OR", "oregon", "972"}, {"Denver", "CO", "colorado", "802"},
	{"Columbus", "OH", "ohio", "432"}, {"Madison", "WI", "wisconsin", "537"}, {"Raleigh", "NC", "north carolina", "276"},
	{"Boise", "ID", "idaho", "837"}, {"Albany", "NY", "new york", "122"},
}

var dkStreets = []string{
	"Nørregade", "Vestergade", "Østerbrogade", "Jagtvej", "Strandvejen", "Bredgade", "Åboulevard",
	"Nørrebrogade", "Amagerbrogade", "Vesterbrogade", "Istedgade", "Hvidkildevej", "Gammel Kongevej",
	"Søndre Boulevard", "Frederikssundsvej", "Bispebjerg Parkallé", "Kirkevej", "Skovvej", "Møllevej",
}

type dkTown struct {
	zip  string
	city string
	said string // how an English recogniser writes the town
}

var dkTowns = []dkTown{
	{"1165", "København K", "copenhagen"}, {"2100", "København Ø", "copenhagen"}, {"2200", "København N", "copenhagen"},
	{"8000", "Aarhus C", "aarhus"}, {"5000", "Odense C", "odense"}, {"9000", "Aalborg", "aalborg"},
	{"4000", "Roskilde", "roskilde"}, {"2000", "Frederiksberg", "frederiksberg"}, {"7100", "Vejle", "vejle"},
	{"6700", "Esbjerg", "esbjerg"}, {"3000", "Helsingør", "helsingor"},
}

type eeStreet struct{ name, kind, kindSaid string }

var eeStreets = []eeStreet{
	{"Pärnu", "mnt", "maantee"}, {"Narva", "mnt", "maantee"}, {"Tartu", "mnt", "maantee"},
	{"Pikk", "tn", "tanav"}, {"Lai", "tn", "tanav"}, {"Tehnika", "tn", "tanav"}, {"Endla", "tn", "tanav"},
	{"Kaupmehe", "tn", "tanav"}, {"Mustamäe", "tee", "tee"}, {"Sõpruse", "pst", "puiestee"}, {"Riia", "mnt", "maantee"},
}

type eeTown struct{ zip2, city string }

var eeTowns = []eeTown{{"10", "Tallinn"}, {"11", "Tallinn"}, {"13", "Tallinn"}, {"50", "Tartu"}, {"80", "Pärnu"}, {"20", "Narva"}}

var emailDomains = []string{
	"gmail.com", "hotmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "protonmail.com",
	"mail.dk", "jubii.dk", "live.dk", "post.tele.dk", "hot.ee", "mail.ee", "online.ee",
	"btinternet.com", "sky.com", "gmx.de", "web.de", "hotmail.co.uk", "me.com", "aol.com",
}
