<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>App</name>
    <message>
        <location filename="../../lornplayer/ui/app.py" line="101"/>
        <source>lornplayer</source>
        <translation>lornplayer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/app.py" line="112"/>
        <source>Library</source>
        <translation>Bibliotek</translation>
    </message>
</context>
<context>
    <name>AssignAudioDialog</name>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="38"/>
        <source>Assign audio to case</source>
        <translation>Knytt lyd til case</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="41"/>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="55"/>
        <source>Audio without a case</source>
        <translation>Lyd uten case</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="43"/>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="45"/>
        <source>Search cases by title, number or guest</source>
        <translation>Søk i caser etter tittel, nummer eller gjest</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="47"/>
        <source>Cases</source>
        <translation>Caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="50"/>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="52"/>
        <source>Assign</source>
        <translation>Knytt til</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="89"/>
        <source>— perhaps {0}</source>
        <translation>— kanskje {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="98"/>
        <source>Every audio file in the library has its case.</source>
        <translation>Alle lydfilene i biblioteket har sin case.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/assign_dialog.py" line="146"/>
        <source>{0} is now the audio of {1}.</source>
        <translation>{0} er nå lyden til {1}.</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="38"/>
        <source>Case details</source>
        <translation>Casedetaljer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="47"/>
        <source>Choose a case in the library.</source>
        <translation>Velg en case i biblioteket.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="80"/>
        <source>Masterclass</source>
        <translation>Masterclass</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="81"/>
        <source>Webinar</source>
        <translation>Webinar</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="82"/>
        <source>Podcast (old page)</source>
        <translation>Podkast (gammel side)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="91"/>
        <location filename="../../lornplayer/ui/caseview.py" line="156"/>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="104"/>
        <source>Host</source>
        <translation>Vert</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="105"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="106"/>
        <source>Organisation</source>
        <translation>Organisasjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="107"/>
        <source>Perspective</source>
        <translation>Perspektiv</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="108"/>
        <source>Place</source>
        <translation>Sted</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="116"/>
        <source>“{0}”</source>
        <translation>«{0}»</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="124"/>
        <source>What you will learn</source>
        <translation>Dette lærer du</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="127"/>
        <source>Reflection question</source>
        <translation>Refleksjonsspørsmål</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="130"/>
        <source>Further reading</source>
        <translation>Videre lesning</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="139"/>
        <source>Related cases</source>
        <translation>Relaterte caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="142"/>
        <source>Guest profile</source>
        <translation>Gjesteprofil</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="144"/>
        <source>This case has no transcript.</source>
        <translation>Denne casen har ingen transkripsjon.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="153"/>
        <source>Lesson {0}</source>
        <translation>Leksjon {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="153"/>
        <source>Part {0}</source>
        <translation>Del {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="160"/>
        <source>Lessons</source>
        <translation>Leksjoner</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/caseview.py" line="160"/>
        <source>Parts</source>
        <translation>Deler</translation>
    </message>
</context>
<context>
    <name>ChapterList</name>
    <message>
        <location filename="../../lornplayer/ui/chapters.py" line="32"/>
        <source>Chapters</source>
        <translation>Kapitler</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/chapters.py" line="35"/>
        <source>This episode has no chapters.</source>
        <translation>Denne episoden har ingen kapitler.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/chapters.py" line="54"/>
        <source>Play from {0}</source>
        <translation>Spill fra {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/chapters.py" line="57"/>
        <source>Chapters from the chapters file beside the audio.</source>
        <translation>Kapitlene kommer fra kapittelfilen ved siden av lydfilen.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/chapters.py" line="58"/>
        <location filename="../../lornplayer/ui/chapters.py" line="59"/>
        <location filename="../../lornplayer/ui/chapters.py" line="60"/>
        <source>Chapters from the audio file.</source>
        <translation>Kapitlene kommer fra lydfilen.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/chapters.py" line="61"/>
        <source>Chapters from the parts of the case.</source>
        <translation>Kapitlene kommer fra delene av casen.</translation>
    </message>
</context>
<context>
    <name>CrashDialogs</name>
    <message>
        <location filename="../../lornplayer/ui/crash.py" line="48"/>
        <source>Something went wrong</source>
        <translation>Noe gikk galt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/crash.py" line="50"/>
        <source>lornplayer hit an unexpected error. Your notes and progress are saved as you go; if something no longer works, restart lornplayer.</source>
        <translation>lornplayer fikk en uventet feil. Notatene og framdriften din lagres fortløpende; hvis noe ikke lenger virker, start lornplayer på nytt.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/crash.py" line="56"/>
        <source>The details are in the log file:
{0}</source>
        <translation>Detaljene står i loggfilen:
{0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/crash.py" line="58"/>
        <source>No log file could be written; run lornplayer --verbose in a terminal to see details.</source>
        <translation>Ingen loggfil kunne skrives; kjør lornplayer --verbose i en terminal for å se detaljene.</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../lornplayer/export.py" line="32"/>
        <source>Notes</source>
        <translation>Notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="33"/>
        <source>Note</source>
        <translation>Notat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="34"/>
        <source>Reflection questions</source>
        <translation>Refleksjonsspørsmål</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="35"/>
        <source>What you will learn</source>
        <translation>Dette lærer du</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="36"/>
        <source>(not answered)</source>
        <translation>(ikke besvart)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="37"/>
        <source>Guests</source>
        <translation>Gjester</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="38"/>
        <source>Host</source>
        <translation>Vert</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="39"/>
        <source>Date</source>
        <translation>Dato</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="40"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="41"/>
        <source>Organisation</source>
        <translation>Organisasjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="42"/>
        <source>Perspective</source>
        <translation>Perspektiv</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="43"/>
        <source>Place</source>
        <translation>Sted</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="44"/>
        <source>Duration</source>
        <translation>Varighet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="45"/>
        <source>Further reading</source>
        <translation>Videre lesning</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="46"/>
        <source>Transcript</source>
        <translation>Transkripsjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="47"/>
        <source>Learning log</source>
        <translation>Læringslogg</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="48"/>
        <source>Generated {date}.</source>
        <translation>Laget {date}.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="49"/>
        <source>Summary</source>
        <translation>Sammendrag</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="50"/>
        <source>Cases finished</source>
        <translation>Fullførte caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="51"/>
        <source>Cases in progress</source>
        <translation>Påbegynte caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="52"/>
        <source>Time listened</source>
        <translation>Lyttetid</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="53"/>
        <source>Listened</source>
        <translation>Lyttet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="54"/>
        <source>Answers to reflection questions and learning points</source>
        <translation>Svar på refleksjonsspørsmål og læringspunkter</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="55"/>
        <source>Finished cases</source>
        <translation>Ferdige caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="56"/>
        <source>Finished</source>
        <translation>Ferdig</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="57"/>
        <source>In progress</source>
        <translation>Påbegynt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="58"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../lornplayer/export.py" line="59"/>
        <source>Title</source>
        <translation>Tittel</translation>
    </message>
</context>
<context>
    <name>FeedsView</name>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="84"/>
        <source>Add feed…</source>
        <translation>Legg til feed …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="85"/>
        <source>Add saved feed file…</source>
        <translation>Legg til lagret feedfil …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="86"/>
        <source>Refresh</source>
        <translation>Oppdater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="87"/>
        <location filename="../../lornplayer/ui/feeds.py" line="368"/>
        <source>Download</source>
        <translation>Last ned</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="88"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="89"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="90"/>
        <location filename="../../lornplayer/ui/feeds.py" line="446"/>
        <source>Unsubscribe</source>
        <translation>Avslutt abonnement</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="91"/>
        <source>Import OPML…</source>
        <translation>Importer OPML …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="92"/>
        <source>Export OPML…</source>
        <translation>Eksporter OPML …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="109"/>
        <source>Subscriptions</source>
        <translation>Abonnementer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="111"/>
        <source>Episodes</source>
        <translation>Episoder</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="115"/>
        <source>Title</source>
        <translation>Tittel</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="116"/>
        <source>Date</source>
        <translation>Dato</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="117"/>
        <source>Length</source>
        <translation>Lengde</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="118"/>
        <source>Size</source>
        <translation>Størrelse</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="119"/>
        <source>Downloaded</source>
        <translation>Lastet ned</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="120"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="121"/>
        <source>Listened</source>
        <translation>Lyttet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="122"/>
        <source>Progress</source>
        <translation>Framdrift</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="140"/>
        <source>Work offline</source>
        <translation>Arbeid frakoblet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="142"/>
        <source>Turns off every network action: adding, refreshing, downloading and importing from the web</source>
        <translation>Slår av all bruk av nettet: legge til, oppdatere, laste ned og importere fra nettet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="144"/>
        <source>Download new episodes on refresh</source>
        <translation>Last ned nye episoder ved oppdatering</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="147"/>
        <source>never</source>
        <translation>aldri</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="148"/>
        <source> days</source>
        <translation> dager</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="151"/>
        <source>by hand only</source>
        <translation>bare for hånd</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="152"/>
        <source> h</source>
        <translation> t</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="153"/>
        <source>Refresh the feeds automatically while lornplayer runs</source>
        <translation>Oppdater feedene automatisk mens lornplayer kjører</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="156"/>
        <location filename="../../lornplayer/ui/feeds.py" line="171"/>
        <source>Refresh every</source>
        <translation>Oppdater hver</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="159"/>
        <location filename="../../lornplayer/ui/feeds.py" line="172"/>
        <source>Delete finished episodes after</source>
        <translation>Slett ferdighørte episoder etter</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="163"/>
        <source>Overall %p %</source>
        <translation>Totalt %p %</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="170"/>
        <source>Feeds status</source>
        <translation>Status for feeder</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="247"/>
        <source>All feeds</source>
        <translation>Alle feeder</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="252"/>
        <source>{0} ({1} episodes, {2} downloaded)</source>
        <translation>{0} ({1} episoder, {2} lastet ned)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="265"/>
        <source>No subscriptions yet. Add a podcast feed by its address (Add feed…) or from a saved feed file; downloaded episodes are matched to their cases and play offline.</source>
        <translation>Ingen abonnementer ennå. Legg til en podkast-feed med adressen (Legg til feed …) eller fra en lagret feedfil; nedlastede episoder kobles til casene sine og spilles av uten nett.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="293"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="294"/>
        <source>paused</source>
        <translation>pauset</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="295"/>
        <source>failed</source>
        <translation>mislyktes</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="296"/>
        <source>deleted</source>
        <translation>slettet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="297"/>
        <source>no</source>
        <translation>nei</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="301"/>
        <source>{0}? (confirm)</source>
        <translation>{0}? (bekreft)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="303"/>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="326"/>
        <source>finished</source>
        <translation>ferdig</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="366"/>
        <source>Play</source>
        <translation>Spill av</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="370"/>
        <source>Assign to case…</source>
        <translation>Knytt til case …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="382"/>
        <source>Add feed</source>
        <translation>Legg til feed</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="382"/>
        <source>Address of the podcast feed (RSS or Atom), or a saved feed file:</source>
        <translation>Adressen til podkastfeeden (RSS eller Atom), eller en lagret feedfil:</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="389"/>
        <source>Add saved feed file</source>
        <translation>Legg til lagret feedfil</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="389"/>
        <source>Feeds (*.xml *.rss *.atom);;All files (*)</source>
        <translation>Feeder (*.xml *.rss *.atom);;Alle filer (*)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="398"/>
        <source>Adding {0}…</source>
        <translation>Legger til {0} …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="405"/>
        <source>Subscribed to “{0}” ({1} episodes).</source>
        <translation>Abonnerer på «{0}» ({1} episoder).</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="415"/>
        <source>Refreshing…</source>
        <translation>Oppdaterer …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="421"/>
        <source>New episodes: {0}.</source>
        <translation>Nye episoder: {0}.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="447"/>
        <source>Unsubscribe from “{0}”? Downloaded episodes stay in the library.</source>
        <translation>Avslutte abonnementet på «{0}»? Nedlastede episoder blir i biblioteket.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="458"/>
        <source>Import subscriptions</source>
        <translation>Importer abonnementer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="458"/>
        <source>OPML files (*.opml *.xml);;All files (*)</source>
        <translation>OPML-filer (*.opml *.xml);;Alle filer (*)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="470"/>
        <source>Feeds subscribed: {0}.</source>
        <translation>Nye abonnementer: {0}.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="472"/>
        <source>Importing {0}…</source>
        <translation>Importerer {0} …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="476"/>
        <source>Export subscriptions</source>
        <translation>Eksporter abonnementer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="476"/>
        <source>OPML files (*.opml)</source>
        <translation>OPML-filer (*.opml)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="484"/>
        <source>Subscriptions written to {0}.</source>
        <translation>Abonnementene er skrevet til {0}.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="516"/>
        <source>Downloading episodes: {0}…</source>
        <translation>Laster ned episoder: {0} …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="530"/>
        <source>Downloading episode {0} of {1}: {2} MB</source>
        <translation>Laster ned episode {0} av {1}: {2} MB</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="537"/>
        <source>Episodes downloaded: {0}.</source>
        <translation>Episoder lastet ned: {0}.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="539"/>
        <source>Paused: the partial download is kept and resumes next time.</source>
        <translation>Pauset: den delvise nedlastingen tas vare på og fortsetter neste gang.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="541"/>
        <source>Cancelled.</source>
        <translation>Avbrutt.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds.py" line="543"/>
        <source>Perhaps case {0}: confirm it with Assign audio to case….</source>
        <translation>Kanskje case {0}: bekreft med Knytt lyd til case ….</translation>
    </message>
</context>
<context>
    <name>FeedsWindow</name>
    <message>
        <location filename="../../lornplayer/ui/feeds_window.py" line="53"/>
        <source>Feeds</source>
        <translation>Feeder</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds_window.py" line="57"/>
        <source>Podcast subscriptions and downloads for offline listening</source>
        <translation>Podkastabonnementer og nedlastinger for lytting uten nett</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds_window.py" line="64"/>
        <source>Import from URL…</source>
        <translation>Importer fra URL …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds_window.py" line="65"/>
        <source>Assign audio to case…</source>
        <translation>Knytt lyd til case …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds_window.py" line="95"/>
        <source>{0} — lornplayer</source>
        <translation>{0} — lornplayer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds_window.py" line="96"/>
        <source>This episode is not linked to a case yet.</source>
        <translation>Denne episoden er ikke knyttet til en case ennå.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/feeds_window.py" line="98"/>
        <source>No transcript: this episode has no case. Link it with File → Assign audio to case…, then open the case.</source>
        <translation>Ingen utskrift: denne episoden har ingen case. Knytt den til en med Fil → Knytt lyd til case …, og åpne så casen.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../lornplayer/ui/findbar.py" line="36"/>
        <location filename="../../lornplayer/ui/findbar.py" line="37"/>
        <source>Find in transcript</source>
        <translation>Finn i transkripsjonen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/findbar.py" line="44"/>
        <source>Previous match (Shift+Enter)</source>
        <translation>Forrige treff (Shift+Enter)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/findbar.py" line="48"/>
        <source>Next match (Enter)</source>
        <translation>Neste treff (Enter)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/findbar.py" line="51"/>
        <source>Close (Esc)</source>
        <translation>Lukk (Esc)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/findbar.py" line="109"/>
        <source>No matches</source>
        <translation>Ingen treff</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/findbar.py" line="111"/>
        <source>{0} of {1}</source>
        <translation>{0} av {1}</translation>
    </message>
</context>
<context>
    <name>ImportUrlDialog</name>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="24"/>
        <source>Import from URL</source>
        <translation>Importer fra URL</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="28"/>
        <source>Address of the case page</source>
        <translation>Adressen til case-siden</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="33"/>
        <source>The page&apos;s text is imported like a saved copy; nothing else on it is loaded.</source>
        <translation>Teksten på siden importeres som en lagret kopi; ingenting annet på siden lastes inn.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="37"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="39"/>
        <source>Address of the case page:</source>
        <translation>Adressen til case-siden:</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="62"/>
        <source>Fetching {0}…</source>
        <translation>Henter {0} …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="70"/>
        <source>Case {0} imported.</source>
        <translation>Case {0} er importert.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="71"/>
        <source>Case {0} updated.</source>
        <translation>Case {0} er oppdatert.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/import_url.py" line="72"/>
        <source>Case {0} was already in the library.</source>
        <translation>Case {0} var allerede i biblioteket.</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="49"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="50"/>
        <source>Title</source>
        <translation>Tittel</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="51"/>
        <source>Guests</source>
        <translation>Gjester</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="52"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="53"/>
        <source>Date</source>
        <translation>Dato</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="54"/>
        <source>Duration</source>
        <translation>Varighet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="55"/>
        <source>Progress</source>
        <translation>Fremdrift</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="156"/>
        <source>Listened {0} % · time listened {1}</source>
        <translation>Lyttet {0} % · lyttetid {1}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="191"/>
        <source>✓ Finished</source>
        <translation>✓ Ferdig</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_model.py" line="193"/>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="61"/>
        <source>Library</source>
        <translation>Bibliotek</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="79"/>
        <source>Filter the library…</source>
        <translation>Filtrer biblioteket…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="81"/>
        <source>Filter the library</source>
        <translation>Filtrer biblioteket</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="86"/>
        <source>All cases</source>
        <translation>Alle caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="87"/>
        <source>Not started</source>
        <translation>Ikke startet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="88"/>
        <source>In progress</source>
        <translation>Påbegynt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="89"/>
        <source>Finished</source>
        <translation>Ferdig</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="91"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="92"/>
        <source>Perspective</source>
        <translation>Perspektiv</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="93"/>
        <source>Organisation</source>
        <translation>Organisasjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="94"/>
        <source>Listening state</source>
        <translation>Lyttestatus</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="100"/>
        <source>Continue listening</source>
        <translation>Fortsett å lytte</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="101"/>
        <source>Open the case you listened to last, where you stopped</source>
        <translation>Åpne casen du lyttet til sist, der du slapp</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="176"/>
        <source>All themes</source>
        <translation>Alle temaer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="177"/>
        <source>All perspectives</source>
        <translation>Alle perspektiver</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="178"/>
        <source>All organisations</source>
        <translation>Alle organisasjoner</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/library_panel.py" line="202"/>
        <source>{0} cases · listened {1}</source>
        <translation>{0} caser · lyttet {1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="66"/>
        <source>lornplayer</source>
        <translation>lornplayer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="111"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="112"/>
        <source>Notes</source>
        <translation>Notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="113"/>
        <source>Reflection</source>
        <translation>Refleksjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="81"/>
        <source>&amp;File</source>
        <translation>&amp;Fil</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="90"/>
        <source>Import files…</source>
        <translation>Importer filer…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="91"/>
        <source>Import folder…</source>
        <translation>Importer mappe…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="93"/>
        <source>Export notes of this case…</source>
        <translation>Eksporter notater for denne casen…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="94"/>
        <source>Export notes of all cases…</source>
        <translation>Eksporter notater for alle caser…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="95"/>
        <source>Export learning log…</source>
        <translation>Eksporter læringslogg…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="96"/>
        <source>Export transcript…</source>
        <translation>Eksporter transkripsjon…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="97"/>
        <source>Print transcript…</source>
        <translation>Skriv ut transkripsjon…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="100"/>
        <source>Include times in printed and exported transcripts</source>
        <translation>Ta med tider i utskrevne og eksporterte transkripsjoner</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="106"/>
        <source>Quit</source>
        <translation>Avslutt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="82"/>
        <source>&amp;Edit</source>
        <translation>&amp;Rediger</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="111"/>
        <source>Undo</source>
        <translation>Angre</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="113"/>
        <source>Redo</source>
        <translation>Gjør om</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="118"/>
        <source>Search library</source>
        <translation>Søk i biblioteket</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="119"/>
        <source>Find in transcript</source>
        <translation>Finn i transkripsjonen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="83"/>
        <source>&amp;Playback</source>
        <translation>&amp;Avspilling</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="121"/>
        <source>Play / pause</source>
        <translation>Spill av / pause</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="122"/>
        <source>Back 15 seconds</source>
        <translation>Spol 15 sekunder tilbake</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="123"/>
        <source>Forward 30 seconds</source>
        <translation>Spol 30 sekunder frem</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="124"/>
        <source>Slower</source>
        <translation>Langsommere</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="125"/>
        <source>Faster</source>
        <translation>Raskere</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="126"/>
        <source>Mute</source>
        <translation>Demp lyden</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="130"/>
        <source>This turn starts now</source>
        <translation>Denne replikken starter nå</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="133"/>
        <source>Pin the highlighted turn to the current time</source>
        <translation>Fest den markerte replikken til tidspunktet nå</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="135"/>
        <source>Clear sync anchors</source>
        <translation>Fjern synkroniseringspunkter</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="138"/>
        <source>Intro and outro length…</source>
        <translation>Lengde på intro og outro…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="140"/>
        <source>Seconds of jingle before the first and after the last turn, for estimated times</source>
        <translation>Sekunder med kjenningsmelodi før første og etter siste replikk, for anslåtte tider</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="144"/>
        <source>Align transcript</source>
        <translation>Synkroniser transkripsjonen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="146"/>
        <source>Compute turn times from the audio</source>
        <translation>Beregn replikktidene ut fra lyden</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="84"/>
        <source>&amp;Notes</source>
        <translation>&amp;Notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="149"/>
        <source>Add note here</source>
        <translation>Legg til notat her</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="150"/>
        <source>Mark as finished</source>
        <translation>Marker som ferdig</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="85"/>
        <source>&amp;View</source>
        <translation>&amp;Vis</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="152"/>
        <source>Presentation mode</source>
        <translation>Presentasjonsmodus</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="153"/>
        <source>Zoom in</source>
        <translation>Zoom inn</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="154"/>
        <source>Zoom out</source>
        <translation>Zoom ut</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="86"/>
        <source>&amp;Help</source>
        <translation>&amp;Hjelp</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="156"/>
        <location filename="../../lornplayer/ui/dialogs.py" line="211"/>
        <source>Keyboard shortcuts</source>
        <translation>Hurtigtaster</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/actions.py" line="157"/>
        <location filename="../../lornplayer/ui/dialogs.py" line="219"/>
        <source>About lornplayer</source>
        <translation>Om lornplayer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="168"/>
        <source>Could not save: {0}</source>
        <translation>Kunne ikke lagre: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="187"/>
        <source>Setting up the library with the bundled cases…</source>
        <translation>Gjør klar biblioteket med de medfølgende casene…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="194"/>
        <source>Seed import failed: {0}</source>
        <translation>Import av de medfølgende casene mislyktes: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="171"/>
        <source>Importing bundled cases</source>
        <translation>Importerer medfølgende caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="215"/>
        <source>Nothing to continue yet: choose a case and press play.</source>
        <translation>Ingenting å fortsette ennå: velg en case og trykk på Spill av.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="226"/>
        <source>Case {0} is not in the library.</source>
        <translation>Casen {0} finnes ikke i biblioteket.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="231"/>
        <source>{0} — lornplayer</source>
        <translation>{0} — lornplayer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="306"/>
        <source>Listened {0} % · time listened {1}</source>
        <translation>Lyttet {0} % · lyttetid {1}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="239"/>
        <source>This case has no transcript.</source>
        <translation>Denne casen har ingen transkripsjon.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="249"/>
        <source>No audio for this case. Import an audio file named {0}.mp3 (or .m4a, .ogg, .opus, .flac, .wav).</source>
        <translation>Ingen lyd til denne casen. Importer en lydfil med navnet {0}.mp3 (eller .m4a, .ogg, .opus, .flac, .wav).</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="255"/>
        <source>Cannot play {0}: {1}</source>
        <translation>Kan ikke spille av {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="329"/>
        <source>Play the audio to pin a turn to the moment it starts.</source>
        <translation>Spill av lyden for å feste en replikk til øyeblikket den starter.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="335"/>
        <source>Turn {0} now starts at {1}.</source>
        <translation>Replikk {0} starter nå ved {1}.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="169"/>
        <source>Intro and outro length</source>
        <translation>Lengde på intro og outro</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="173"/>
        <source>Intro (lead-in), seconds:</source>
        <translation>Intro (før første replikk), sekunder:</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="173"/>
        <source>Outro (lead-out), seconds:</source>
        <translation>Outro (etter siste replikk), sekunder:</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="145"/>
        <location filename="../../lornplayer/ui/tasks.py" line="155"/>
        <source>The search index could not be updated: {0}</source>
        <translation>Søkeindeksen kunne ikke oppdateres: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="143"/>
        <source>Indexing</source>
        <translation>Indekserer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="385"/>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="162"/>
        <source>Importing</source>
        <translation>Importerer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="56"/>
        <source>{0} new, {1} updated, {2} unchanged cases; {3} audio files.</source>
        <translation>{0} nye, {1} oppdaterte og {2} uendrede caser; {3} lydfiler.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="63"/>
        <source>… and {0} more</source>
        <translation>… og {0} til</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="66"/>
        <source>Import finished with problems</source>
        <translation>Importen ble fullført med problemer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="67"/>
        <source>These files were not imported:</source>
        <translation>Disse filene ble ikke importert:</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="42"/>
        <source>Import case pages and audio</source>
        <translation>Importer casesider og lyd</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="44"/>
        <source>Case pages and audio (*.txt *.html *.htm *.mp3 *.m4a *.ogg *.opus *.flac *.wav);;All files (*)</source>
        <translation>Casesider og lyd (*.txt *.html *.htm *.mp3 *.m4a *.ogg *.opus *.flac *.wav);;Alle filer (*)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="50"/>
        <source>Import a folder</source>
        <translation>Importer en mappe</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="417"/>
        <source>This case has no transcript or no audio to align.</source>
        <translation>Denne casen mangler transkripsjon eller lyd å synkronisere.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="421"/>
        <source>Automatic alignment needs the espeak-ng speech synthesiser, which was not found; turn times are estimated.</source>
        <translation>Automatisk synkronisering trenger talesyntesen espeak-ng, som ikke ble funnet; replikktidene er anslått.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="38"/>
        <source>Background work</source>
        <translation>Arbeid i bakgrunnen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="40"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="41"/>
        <source>Stop this background work</source>
        <translation>Stopp dette arbeidet i bakgrunnen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="42"/>
        <source>Cancel background work</source>
        <translation>Avbryt arbeid i bakgrunnen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="76"/>
        <source>{0} (and {1} more)</source>
        <translation>{0} (og {1} til)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="198"/>
        <source>Alignment failed: {0}</source>
        <translation>Synkroniseringen mislyktes: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/tasks.py" line="204"/>
        <source>Aligning transcript</source>
        <translation>Synkroniserer transkripsjonen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="98"/>
        <source>Export notes</source>
        <translation>Eksporter notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="106"/>
        <source>Export learning log</source>
        <translation>Eksporter læringslogg</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="86"/>
        <source>WebVTT (*.vtt)</source>
        <translation>WebVTT (*.vtt)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="87"/>
        <source>SubRip (*.srt)</source>
        <translation>SubRip (*.srt)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="88"/>
        <source>Podcasting 2.0 JSON (*.json)</source>
        <translation>Podcasting 2.0 JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="89"/>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="85"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="84"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="97"/>
        <source>lornplayer notes</source>
        <translation>lornplayer-notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="97"/>
        <location filename="../../lornplayer/ui/notes.py" line="368"/>
        <source>notes</source>
        <translation>notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="106"/>
        <source>lornplayer learning log</source>
        <translation>lornplayer-læringslogg</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="116"/>
        <source>Export transcript</source>
        <translation>Eksporter transkripsjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="78"/>
        <source>Export</source>
        <translation>Eksport</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="78"/>
        <source>Export failed: {0}</source>
        <translation>Eksporten mislyktes: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/mainwindow.py" line="441"/>
        <source>Open a case with a transcript to present it.</source>
        <translation>Åpne en case med transkripsjon for å presentere den.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="197"/>
        <source>Next / previous match in find</source>
        <translation>Neste / forrige treff i Finn i transkripsjonen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="197"/>
        <source>Enter / Shift+Enter</source>
        <translation>Enter / Shift+Enter</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="198"/>
        <source>Presentation: next / previous turn</source>
        <translation>Presentasjon: neste / forrige replikk</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="198"/>
        <source>PageDown / PageUp, arrow keys</source>
        <translation>PageDown / PageUp, piltastene</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="199"/>
        <source>Presentation: larger / smaller / normal text</source>
        <translation>Presentasjon: større / mindre / normal tekst</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="199"/>
        <source>Ctrl++ / Ctrl+− / Ctrl+0</source>
        <translation>Ctrl++ / Ctrl+− / Ctrl+0</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="200"/>
        <source>Presentation: light or dark theme</source>
        <translation>Presentasjon: lyst eller mørkt tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="200"/>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="201"/>
        <source>Leave presentation</source>
        <translation>Avslutt presentasjonen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="201"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/dialogs.py" line="220"/>
        <source>&lt;h3&gt;lornplayer {0}&lt;/h3&gt;&lt;p&gt;An offline podcast player and transcript reader for LØRN cases.&lt;/p&gt;&lt;p&gt;The audio of the bundled demo cases is &lt;b&gt;synthetic narration&lt;/b&gt; made with the espeak-ng speech synthesiser, one voice per speaker; it is not the original LØRN recording.&lt;/p&gt;&lt;p&gt;lornplayer uses the network only when you ask it to (podcast feeds, downloads, importing a page from the web), and not at all with Work offline on; there is no telemetry. Your library, progress and notes stay on this computer.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;lornplayer {0}&lt;/h3&gt;&lt;p&gt;En podkastspiller og transkripsjonsleser for LØRN-caser som virker uten nett.&lt;/p&gt;&lt;p&gt;Lyden i de medfølgende demo-casene er &lt;b&gt;syntetisk opplesning&lt;/b&gt; laget med talesyntesen espeak-ng, med én stemme per taler; det er ikke LØRNs originale opptak.&lt;/p&gt;&lt;p&gt;lornplayer bruker nettet bare når du ber om det (podkastfeeder, nedlastinger, import av en side fra nettet), og ikke i det hele tatt når «Arbeid frakoblet» er på; det sendes ingen telemetri. Biblioteket, fremdriften og notatene dine blir værende på denne datamaskinen.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="36"/>
        <source>Chapters</source>
        <translation>Kapitler</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="41"/>
        <source>Up next</source>
        <translation>Neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="46"/>
        <source>Sleep timer: playback stopped.</source>
        <translation>Sovetimer: avspillingen er stoppet.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="81"/>
        <source>Next chapter</source>
        <translation>Neste kapittel</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="84"/>
        <source>Go to the next chapter (or turn, when the episode has no chapters)</source>
        <translation>Gå til neste kapittel (eller replikk når episoden ikke har kapitler)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="88"/>
        <source>Previous chapter</source>
        <translation>Forrige kapittel</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="91"/>
        <source>Back to the start of this chapter, or the one before (or the turn)</source>
        <translation>Tilbake til starten av dette kapitlet, eller det forrige (eller replikken)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="93"/>
        <source>Sleep timer</source>
        <translation>Sovetimer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="96"/>
        <source>Sleep timer menu</source>
        <translation>Sovetimer-meny</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="99"/>
        <source>Skip silence</source>
        <translation>Hopp over stillhet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="103"/>
        <source>Shorten or skip long pauses in every case</source>
        <translation>Forkort eller hopp over lange pauser i alle caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="107"/>
        <source>Skip silence in this case</source>
        <translation>Hopp over stillhet i denne casen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="110"/>
        <source>Keep a short gap instead of skipping pauses</source>
        <translation>Behold en kort pause i stedet for å hoppe over pauser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="116"/>
        <location filename="../../lornplayer/ui/listening.py" line="138"/>
        <source>Play next</source>
        <translation>Spill som neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="119"/>
        <source>Put the selected case first in Up next</source>
        <translation>Legg den valgte casen først i Neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="123"/>
        <location filename="../../lornplayer/ui/listening.py" line="138"/>
        <source>Add to Up next</source>
        <translation>Legg til i Neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="126"/>
        <source>Put the selected case last in Up next</source>
        <translation>Legg den valgte casen sist i Neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="128"/>
        <source>Play the next case in Up next</source>
        <translation>Spill neste case i Neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="131"/>
        <source>Quote from this turn…</source>
        <translation>Siter fra denne replikken …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="134"/>
        <source>Select words of the turn and copy them with their citation, or keep them as a note</source>
        <translation>Marker ord i replikken og kopier dem med kildehenvisning, eller ta vare på dem som notat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="145"/>
        <source>Up next: move the selected case up / down</source>
        <translation>Neste: flytt den valgte casen opp / ned</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="145"/>
        <source>Ctrl+↑ / Ctrl+↓</source>
        <translation>Ctrl+↑ / Ctrl+↓</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="146"/>
        <source>Up next: remove / play the selected case</source>
        <translation>Neste: fjern / spill den valgte casen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="146"/>
        <source>Delete / Enter</source>
        <translation>Delete / Enter</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="147"/>
        <source>Quote: select words</source>
        <translation>Sitat: marker ord</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="147"/>
        <source>Shift+arrow keys, or the mouse</source>
        <translation>Shift+piltaster, eller musen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="148"/>
        <source>Media keys and headset buttons</source>
        <translation>Medietaster og hodetelefonknapper</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="148"/>
        <source>play/pause, next/previous chapter (MPRIS)</source>
        <translation>spill/pause, neste/forrige kapittel (MPRIS)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="268"/>
        <source>{0} plays next.</source>
        <translation>{0} spilles som neste.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="268"/>
        <source>{0} added to Up next.</source>
        <translation>{0} er lagt til i Neste.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="293"/>
        <source>The case has ended. Here are suggestions for your next LØRNing.</source>
        <translation>Casen er ferdig. Her er forslag til din neste LØRNing.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/listening.py" line="331"/>
        <source>Playing {0}–{1}</source>
        <translation>Spiller {0}–{1}</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="94"/>
        <location filename="../../lornplayer/ui/notes.py" line="174"/>
        <source>Add note</source>
        <translation>Legg til notat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="111"/>
        <location filename="../../lornplayer/ui/notes.py" line="202"/>
        <source>Delete note</source>
        <translation>Slett notat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="127"/>
        <source>Edit note</source>
        <translation>Rediger notat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="175"/>
        <source>Add a note at the current moment (N)</source>
        <translation>Legg til et notat ved tidspunktet nå (N)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="177"/>
        <source>Delete</source>
        <translation>Slett</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="178"/>
        <source>Delete the selected note (Delete); Undo brings it back</source>
        <translation>Slett det valgte notatet (Delete); Angre henter det tilbake</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="180"/>
        <source>Export notes…</source>
        <translation>Eksporter notater…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="181"/>
        <source>Save this case&apos;s notes and answers as Markdown or PDF</source>
        <translation>Lagre notatene og svarene til denne casen som Markdown eller PDF</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="192"/>
        <source>Notes</source>
        <translation>Notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="200"/>
        <source>Play from here</source>
        <translation>Spill av herfra</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="208"/>
        <source>No notes yet. Press N while listening to add a note at the current moment.</source>
        <translation>Ingen notater ennå. Trykk N mens du lytter, for å legge til et notat ved tidspunktet nå.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="219"/>
        <source>Note text</source>
        <translation>Notattekst</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="220"/>
        <source>Write your note here. It is saved as you type.</source>
        <translation>Skriv notatet ditt her. Det lagres mens du skriver.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="369"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="369"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="367"/>
        <location filename="../../lornplayer/ui/notes.py" line="386"/>
        <source>Export notes</source>
        <translation>Eksporter notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="386"/>
        <source>The notes could not be written to {0}:
{1}</source>
        <translation>Notatene kunne ikke skrives til {0}:
{1}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="429"/>
        <source>Note</source>
        <translation>Notat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="429"/>
        <source>(empty note)</source>
        <translation>(tomt notat)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/notes.py" line="540"/>
        <source>Your note could not be saved yet: {0}</source>
        <translation>Notatet ditt kunne ikke lagres ennå: {0}</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="29"/>
        <source>Audio playback is not available: Qt Multimedia could not be loaded ({0}).</source>
        <translation>Lydavspilling er ikke tilgjengelig: Qt Multimedia kunne ikke lastes ({0}).</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="99"/>
        <source>Audio playback is not available: no Qt Multimedia backend was found.</source>
        <translation>Lydavspilling er ikke tilgjengelig: fant ingen bakende for Qt Multimedia.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="148"/>
        <source>the audio player has been shut down.</source>
        <translation>lydspilleren er slått av.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="149"/>
        <source>Cannot play “{0}”: {1}</source>
        <translation>Kan ikke spille av «{0}»: {1}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="151"/>
        <source>The audio file “{0}” was not found ({1}).</source>
        <translation>Fant ikke lydfilen «{0}» ({1}).</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="153"/>
        <source>“{0}” is a folder, not an audio file.</source>
        <translation>«{0}» er en mappe, ikke en lydfil.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="155"/>
        <source>The audio file “{0}” cannot be read (permission denied).</source>
        <translation>Lydfilen «{0}» kan ikke leses (ingen tilgang).</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="157"/>
        <source>The audio file “{0}” is empty.</source>
        <translation>Lydfilen «{0}» er tom.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="332"/>
        <source>it is damaged or not a supported audio format</source>
        <translation>den er skadet eller i et lydformat som ikke støttes</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="337"/>
        <source>it is damaged, truncated or not a supported audio format</source>
        <translation>den er skadet, avkortet eller i et lydformat som ikke støttes</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="338"/>
        <source>access was denied</source>
        <translation>tilgang ble nektet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="339"/>
        <source>it could not be opened or decoded</source>
        <translation>den kunne ikke åpnes eller dekodes</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="341"/>
        <source>playback failed</source>
        <translation>avspillingen mislyktes</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="344"/>
        <source>(no file)</source>
        <translation>(ingen fil)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="345"/>
        <source>Cannot play “{0}”: {1}.</source>
        <translation>Kan ikke spille av «{0}»: {1}.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/player.py" line="347"/>
        <source>(Qt says: {0})</source>
        <translation>(Qt sier: {0})</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="95"/>
        <source>Player message</source>
        <translation>Melding fra spilleren</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="99"/>
        <location filename="../../lornplayer/ui/playerbar.py" line="100"/>
        <source>Hide this message</source>
        <translation>Skjul denne meldingen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="111"/>
        <source>Back 15 seconds</source>
        <translation>Spol 15 sekunder tilbake</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="113"/>
        <location filename="../../lornplayer/ui/playerbar.py" line="314"/>
        <source>Play</source>
        <translation>Spill av</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="113"/>
        <location filename="../../lornplayer/ui/playerbar.py" line="317"/>
        <source>Space</source>
        <translation>Mellomrom</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="115"/>
        <source>Forward 30 seconds</source>
        <translation>Spol 30 sekunder frem</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="119"/>
        <source>Elapsed time</source>
        <translation>Forløpt tid</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="120"/>
        <source>Remaining time</source>
        <translation>Gjenstående tid</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="123"/>
        <source>Position</source>
        <translation>Posisjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="124"/>
        <source>Position (← back 15 s, → forward 30 s)</source>
        <translation>Posisjon (← 15 s tilbake, → 30 s frem)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="135"/>
        <source>Playback speed</source>
        <translation>Avspillingshastighet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="136"/>
        <source>Playback speed ([ slower, ] faster)</source>
        <translation>Avspillingshastighet ([ langsommere, ] raskere)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="142"/>
        <location filename="../../lornplayer/ui/playerbar.py" line="335"/>
        <source>Mute</source>
        <translation>Demp lyden</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="149"/>
        <location filename="../../lornplayer/ui/playerbar.py" line="150"/>
        <source>Volume</source>
        <translation>Volum</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="179"/>
        <location filename="../../lornplayer/ui/playerbar.py" line="317"/>
        <location filename="../../lornplayer/ui/playerbar.py" line="337"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="314"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/playerbar.py" line="335"/>
        <source>Unmute</source>
        <translation>Slå på lyden</translation>
    </message>
</context>
<context>
    <name>PresentationWindow</name>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="69"/>
        <source>Presentation</source>
        <translation>Presentasjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="98"/>
        <source>Screen to present on</source>
        <translation>Skjerm å presentere på</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="104"/>
        <source>A−</source>
        <translation>A−</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="104"/>
        <source>Smaller text (Ctrl+−)</source>
        <translation>Mindre tekst (Ctrl+−)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="105"/>
        <source>A+</source>
        <translation>A+</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="105"/>
        <source>Larger text (Ctrl++)</source>
        <translation>Større tekst (Ctrl++)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="106"/>
        <source>Switch theme (T)</source>
        <translation>Bytt tema (T)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="107"/>
        <source>Leave</source>
        <translation>Avslutt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="107"/>
        <source>Leave presentation (Esc)</source>
        <translation>Avslutt presentasjonen (Esc)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="178"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="185"/>
        <source>Screen: {0} ▾</source>
        <translation>Skjerm: {0} ▾</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="192"/>
        <source>{0} ({1}×{2})</source>
        <translation>{0} ({1}×{2})</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="287"/>
        <source>Light</source>
        <translation>Lyst</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="287"/>
        <source>Dark</source>
        <translation>Mørkt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="361"/>
        <source>Present on</source>
        <translation>Presenter på</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="362"/>
        <source>Larger text</source>
        <translation>Større tekst</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="363"/>
        <source>Smaller text</source>
        <translation>Mindre tekst</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="364"/>
        <source>Default text size</source>
        <translation>Standard tekststørrelse</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="365"/>
        <source>Light theme</source>
        <translation>Lyst tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="365"/>
        <source>Dark theme</source>
        <translation>Mørkt tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/presentation.py" line="367"/>
        <source>Leave presentation</source>
        <translation>Avslutt presentasjonen</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="75"/>
        <source>Look in:</source>
        <translation>Søk i:</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="76"/>
        <source>File &amp;name:</source>
        <translation>Fil&amp;navn:</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="77"/>
        <source>&amp;Open</source>
        <translation>&amp;Åpne</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="78"/>
        <source>&amp;Save</source>
        <translation>&amp;Lagre</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="79"/>
        <source>Open</source>
        <translation>Åpne</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="80"/>
        <source>Save As</source>
        <translation>Lagre som</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="81"/>
        <source>&amp;Choose</source>
        <translation>&amp;Velg</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="82"/>
        <source>Forward</source>
        <translation>Frem</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="83"/>
        <source>Parent Directory</source>
        <translation>Overordnet mappe</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="84"/>
        <source>List View</source>
        <translation>Listevisning</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="85"/>
        <source>Detail View</source>
        <translation>Detaljvisning</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="86"/>
        <source>&amp;Rename</source>
        <translation>&amp;Gi nytt navn</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="87"/>
        <source>Show &amp;hidden files</source>
        <translation>Vis &amp;skjulte filer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="88"/>
        <source>Recent Places</source>
        <translation>Nylig brukte steder</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="89"/>
        <source>Go forward</source>
        <translation>Gå frem</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="90"/>
        <source>Go to the parent directory</source>
        <translation>Gå til overordnet mappe</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="91"/>
        <source>Create a New Folder</source>
        <translation>Lag en ny mappe</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="92"/>
        <source>Change to list view mode</source>
        <translation>Bytt til listevisning</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="93"/>
        <source>Change to detail view mode</source>
        <translation>Bytt til detaljvisning</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="94"/>
        <source>Sidebar</source>
        <translation>Sidepanel</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="95"/>
        <source>List of places and bookmarks</source>
        <translation>Oversikt over steder og bokmerker</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="96"/>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 finnes allerede.
Vil du erstatte den?</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="97"/>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>Er du sikker på at du vil slette «%1»?</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="98"/>
        <source>Unknown</source>
        <translation>Ukjent</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="99"/>
        <source>Shortcut</source>
        <translation>Snarvei</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="100"/>
        <source>My Computer</source>
        <translation>Datamaskinen</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="101"/>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="102"/>
        <source>Size</source>
        <translation>Størrelse</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="103"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="104"/>
        <source>Date Modified</source>
        <translation>Sist endret</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="105"/>
        <source>My Computer</source>
        <translation>Datamaskinen</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="61"/>
        <source>&amp;Undo</source>
        <translation>&amp;Angre</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="62"/>
        <source>&amp;Redo</source>
        <translation>&amp;Gjør om</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="66"/>
        <source>Show Details...</source>
        <translation>Vis detaljer…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="67"/>
        <source>Hide Details...</source>
        <translation>Skjul detaljer…</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="58"/>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="59"/>
        <source>Save All</source>
        <translation>Lagre alle</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="60"/>
        <source>Open</source>
        <translation>Åpne</translation>
    </message>
</context>
<context>
    <name>QScrollBar</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="71"/>
        <source>Scroll right</source>
        <translation>Rull til høyre</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="72"/>
        <source>Page right</source>
        <translation>Side til høyre</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="73"/>
        <source>Right edge</source>
        <translation>Høyre kant</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="74"/>
        <source>Bottom</source>
        <translation>Bunn</translation>
    </message>
</context>
<context>
    <name>QShortcut</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="68"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="69"/>
        <source>Right</source>
        <translation>Pil høyre</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="70"/>
        <source>Scroll Right</source>
        <translation>Rull til høyre</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="63"/>
        <source>&amp;Undo</source>
        <translation>&amp;Angre</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="64"/>
        <source>&amp;Redo</source>
        <translation>&amp;Gjør om</translation>
    </message>
    <message>
        <location filename="../../lornplayer/tools/update_translations.py" line="65"/>
        <source>Copy &amp;Link Location</source>
        <translation>Kopier &amp;lenkeadresse</translation>
    </message>
</context>
<context>
    <name>QuoteDialog</name>
    <message>
        <location filename="../../lornplayer/ui/quotes.py" line="38"/>
        <source>Quote from {0}</source>
        <translation>Sitat fra {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/quotes.py" line="40"/>
        <source>Select the words to quote with the mouse, or with Shift and the arrow keys.</source>
        <translation>Marker ordene du vil sitere med musen, eller med Shift og piltastene.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/quotes.py" line="54"/>
        <source>Copy quote</source>
        <translation>Kopier sitat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/quotes.py" line="56"/>
        <source>Add as note</source>
        <translation>Legg til som notat</translation>
    </message>
</context>
<context>
    <name>ReflectionPanel</name>
    <message>
        <location filename="../../lornplayer/ui/reflection.py" line="77"/>
        <source>Reflection answers</source>
        <translation>Refleksjonssvar</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/reflection.py" line="116"/>
        <source>Your answer could not be saved yet: {0}</source>
        <translation>Svaret ditt kunne ikke lagres ennå: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/reflection.py" line="137"/>
        <source>Reflection questions</source>
        <translation>Refleksjonsspørsmål</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/reflection.py" line="138"/>
        <source>What you will learn</source>
        <translation>Dette lærer du</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/reflection.py" line="152"/>
        <source>What did you learn about each point?</source>
        <translation>Hva lærte du om hvert punkt?</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/reflection.py" line="161"/>
        <source>Your answer…</source>
        <translation>Svaret ditt…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/reflection.py" line="177"/>
        <source>This case has no reflection questions or learning points.</source>
        <translation>Denne casen har ingen refleksjonsspørsmål eller læringspunkter.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/reflection.py" line="179"/>
        <source>Open a case to answer its reflection questions.</source>
        <translation>Åpne en case for å svare på refleksjonsspørsmålene.</translation>
    </message>
</context>
<context>
    <name>Safety</name>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="38"/>
        <location filename="../../lornplayer/ui/safety.py" line="74"/>
        <source>lornplayer</source>
        <translation>lornplayer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="39"/>
        <location filename="../../lornplayer/ui/safety.py" line="75"/>
        <source>The library could not be opened:
{0}</source>
        <translation>Biblioteket kunne ikke åpnes:
{0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="50"/>
        <source>Recover the library?</source>
        <translation>Gjenopprette biblioteket?</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="51"/>
        <source>The library {0} is missing or empty, but an earlier copy lies beside it:
{1}

Recover your library (notes, answers, progress) from it?</source>
        <translation>Biblioteket {0} mangler eller er tomt, men en tidligere kopi ligger ved siden av:
{1}

Vil du gjenopprette biblioteket ditt (notater, svar, fremdrift) fra den?</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="58"/>
        <source>Recover</source>
        <translation>Gjenopprett</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="59"/>
        <source>Start an empty library</source>
        <translation>Start et tomt bibliotek</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="100"/>
        <source>Not saved: {0}</source>
        <translation>Ikke lagret: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="105"/>
        <source>Changes cannot be saved</source>
        <translation>Endringer kan ikke lagres</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/safety.py" line="116"/>
        <source>The library has a problem</source>
        <translation>Biblioteket har et problem</translation>
    </message>
</context>
<context>
    <name>SaveFiles</name>
    <message>
        <location filename="../../lornplayer/ui/savefiles.py" line="89"/>
        <location filename="../../lornplayer/ui/savefiles.py" line="91"/>
        <location filename="../../lornplayer/ui/savefiles.py" line="123"/>
        <source>Open folder</source>
        <translation>Åpne mappen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/savefiles.py" line="90"/>
        <source>Show the saved file&apos;s folder in the file manager</source>
        <translation>Vis mappen til den lagrede filen i filbehandleren</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/savefiles.py" line="104"/>
        <location filename="../../lornplayer/ui/savefiles.py" line="121"/>
        <source>Saved {0}</source>
        <translation>Lagret {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/savefiles.py" line="121"/>
        <source>Saved</source>
        <translation>Lagret</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <location filename="../../lornplayer/ui/searchbar.py" line="39"/>
        <source>Search everything said and written (Ctrl+K)</source>
        <translation>Søk i alt som er sagt og skrevet (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/searchbar.py" line="41"/>
        <source>Search everything</source>
        <translation>Søk i alt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/searchbar.py" line="43"/>
        <source>Search</source>
        <translation>Søk</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="170"/>
        <source>Back to the library (Esc)</source>
        <translation>Tilbake til biblioteket (Esc)</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="175"/>
        <source>Search results</source>
        <translation>Søkeresultater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="216"/>
        <location filename="../../lornplayer/ui/search_panel.py" line="334"/>
        <source>Searching for “{0}”…</source>
        <translation>Søker etter «{0}»…</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="249"/>
        <source>The search failed: {0}</source>
        <translation>Søket mislyktes: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="316"/>
        <source>Transcript</source>
        <translation>Transkripsjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="318"/>
        <source>Your note</source>
        <translation>Notatet ditt</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="332"/>
        <source>No hits for “{0}”.</source>
        <translation>Ingen treff for «{0}».</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="337"/>
        <source>1 hit</source>
        <translation>1 treff</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="337"/>
        <source>{0} hits</source>
        <translation>{0} treff</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="339"/>
        <source>in 1 case</source>
        <translation>i 1 case</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="339"/>
        <source>in {0} cases</source>
        <translation>i {0} caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="341"/>
        <source>{0} {1} for “{2}”.</source>
        <translation>{0} {1} for «{2}».</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="346"/>
        <source>«{0}» for «{1}»</source>
        <translation>«{0}» for «{1}»</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="348"/>
        <source>No hits for “{0}”; showing the Norwegian words: {1}.</source>
        <translation>Ingen treff for «{0}»; viser de norske ordene: {1}.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="351"/>
        <source>LØRN cases are mostly in Norwegian: try the Norwegian word (e.g. “bærekraft” for “sustainability”).</source>
        <translation>LØRN-casene er stort sett på norsk: prøv det norske ordet (f.eks. «bærekraft» for «sustainability»).</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="361"/>
        <source>Title</source>
        <translation>Tittel</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="362"/>
        <source>Summary</source>
        <translation>Sammendrag</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="363"/>
        <source>Guests</source>
        <translation>Gjester</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="364"/>
        <source>Organisation</source>
        <translation>Organisasjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="365"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="366"/>
        <source>Perspective</source>
        <translation>Perspektiv</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="367"/>
        <source>What you will learn</source>
        <translation>Dette lærer du</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="368"/>
        <source>Guest profile</source>
        <translation>Gjesteprofil</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="369"/>
        <source>Reflection question</source>
        <translation>Refleksjonsspørsmål</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="370"/>
        <source>Quote</source>
        <translation>Sitat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/search_panel.py" line="372"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
</context>
<context>
    <name>SkipSilence</name>
    <message>
        <location filename="../../lornplayer/ui/skipsilence.py" line="130"/>
        <source>Finding pauses</source>
        <translation>Finner pauser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/skipsilence.py" line="156"/>
        <source>Skip silence: looking for pauses…</source>
        <translation>Hopp over stillhet: leter etter pauser …</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/skipsilence.py" line="160"/>
        <source>Skip silence: {0} saved (up to {1} in this case)</source>
        <translation>Hopp over stillhet: {0} spart (opptil {1} i denne casen)</translation>
    </message>
</context>
<context>
    <name>SleepTimerControl</name>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="72"/>
        <location filename="../../lornplayer/ui/sleep.py" line="73"/>
        <location filename="../../lornplayer/ui/sleep.py" line="92"/>
        <source>Cancel the sleep timer</source>
        <translation>Avbryt sovetimeren</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="85"/>
        <source>In {0} minutes</source>
        <translation>Om {0} minutter</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="86"/>
        <source>In … minutes</source>
        <translation>Om … minutter</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="88"/>
        <source>At the end of this turn</source>
        <translation>På slutten av denne replikken</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="89"/>
        <source>At the end of this chapter</source>
        <translation>På slutten av dette kapitlet</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="90"/>
        <source>At the end of this case</source>
        <translation>På slutten av denne casen</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="97"/>
        <source>Sleep timer</source>
        <translation>Sovetimer</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="98"/>
        <source>Stop playing in (minutes):</source>
        <translation>Stopp avspillingen om (minutter):</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="169"/>
        <source>Sleep in {0}</source>
        <translation>Sover om {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="170"/>
        <source>Sleep at the end of this turn ({0})</source>
        <translation>Sover på slutten av denne replikken ({0})</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="171"/>
        <source>Sleep at the end of this chapter ({0})</source>
        <translation>Sover på slutten av dette kapitlet ({0})</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/sleep.py" line="172"/>
        <source>Sleep at the end of this case ({0})</source>
        <translation>Sover på slutten av denne casen ({0})</translation>
    </message>
</context>
<context>
    <name>TranscriptPanel</name>
    <message>
        <location filename="../../lornplayer/ui/transcript_panel.py" line="36"/>
        <source>Turn times are estimated from the text length.</source>
        <translation>Replikktidene er anslått ut fra tekstlengden.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript_panel.py" line="37"/>
        <source>Turn times come from automatic alignment.</source>
        <translation>Replikktidene kommer fra automatisk synkronisering.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript_panel.py" line="38"/>
        <source>Turn times come from the timed transcript beside the audio.</source>
        <translation>Replikktidene kommer fra den tidsmerkede transkripsjonen ved siden av lydfilen.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript_panel.py" line="42"/>
        <source>Your sync anchors refine them.</source>
        <translation>Synkroniseringspunktene dine finjusterer dem.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript_panel.py" line="44"/>
        <source>Press S when a turn starts to pin it.</source>
        <translation>Trykk S når en replikk starter, for å feste den.</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="111"/>
        <source>Transcript</source>
        <translation>Transkripsjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="146"/>
        <source>Follow audio</source>
        <translation>Følg lyden</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="149"/>
        <source>Scroll back to the turn being played and keep following the audio</source>
        <translation>Rull tilbake til replikken som spilles, og fortsett å følge lyden</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="210"/>
        <source>No transcript</source>
        <translation>Ingen transkripsjon</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="222"/>
        <source>1 note</source>
        <translation>1 notat</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="222"/>
        <source>{0} notes</source>
        <translation>{0} notater</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="513"/>
        <source>Play from here</source>
        <translation>Spill av herfra</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="514"/>
        <source>This turn starts now</source>
        <translation>Denne replikken starter nå</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="516"/>
        <source>Copy text</source>
        <translation>Kopier teksten</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="517"/>
        <source>Add note here</source>
        <translation>Legg til notat her</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="371"/>
        <source>The time of this sentence is uncertain: it was estimated from its neighbours. Press S when it begins to pin it.</source>
        <translation>Tidspunktet for denne setningen er usikkert: det er anslått ut fra naboene. Trykk S når den begynner for å feste den.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript.py" line="518"/>
        <source>Quote from this turn…</source>
        <translation>Siter fra denne replikken …</translation>
    </message>
</context>
<context>
    <name>UpNextPanel</name>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="70"/>
        <source>&lt;b&gt;Up next&lt;/b&gt;</source>
        <translation>&lt;b&gt;Neste&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="73"/>
        <source>Up next</source>
        <translation>Neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="74"/>
        <source>Drag or press Ctrl+↑/↓ to reorder, Delete to remove, Enter to play</source>
        <translation>Dra eller trykk Ctrl+↑/↓ for å endre rekkefølgen, Delete for å fjerne, Enter for å spille</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="80"/>
        <source>Nothing queued. Add cases with “Play next” or “Add to Up next”.</source>
        <translation>Ingenting i køen. Legg til caser med «Spill som neste» eller «Legg til i Neste».</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="82"/>
        <source>Play the next case when one ends</source>
        <translation>Spill neste case når en case er ferdig</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="86"/>
        <source>&lt;b&gt;Your next LØRNing&lt;/b&gt;</source>
        <translation>&lt;b&gt;Din neste LØRNing&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="89"/>
        <source>Suggested next cases</source>
        <translation>Foreslåtte neste caser</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="94"/>
        <source>No suggestions: every related case is finished.</source>
        <translation>Ingen forslag: alle beslektede caser er ferdige.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="171"/>
        <source>Play now</source>
        <translation>Spill nå</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="172"/>
        <source>Move to the top</source>
        <translation>Flytt øverst</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="173"/>
        <source>Remove from Up next</source>
        <translation>Fjern fra Neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="175"/>
        <source>Clear Up next</source>
        <translation>Tøm Neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="181"/>
        <source>related case</source>
        <translation>beslektet case</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="182"/>
        <source>same theme</source>
        <translation>samme tema</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="183"/>
        <source>same perspective</source>
        <translation>samme perspektiv</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="184"/>
        <source>similar content</source>
        <translation>lignende innhold</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="196"/>
        <source>Suggested because: {0}</source>
        <translation>Foreslått fordi: {0}</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="211"/>
        <source>Open</source>
        <translation>Åpne</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="212"/>
        <source>Play next</source>
        <translation>Spill som neste</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/upnext.py" line="213"/>
        <source>Add to Up next</source>
        <translation>Legg til i Neste</translation>
    </message>
</context>
<context>
    <name>WelcomeBanner</name>
    <message>
        <location filename="../../lornplayer/ui/welcome.py" line="26"/>
        <source>Welcome to lornplayer. The library is on the left, the transcript follows the audio in the middle, and your notes and reflections are on the right. Space plays and pauses, Ctrl+K searches every word said, N adds a note, F1 lists every key.</source>
        <translation>Velkommen til lornplayer. Biblioteket er til venstre, transkripsjonen følger lyden i midten, og notatene og refleksjonene dine er til høyre. Mellomrom spiller av og setter på pause, Ctrl+K søker i alt som er sagt, N legger til et notat, F1 viser alle tastene.</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/welcome.py" line="34"/>
        <source>Got it</source>
        <translation>Skjønner</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/welcome.py" line="35"/>
        <source>Hide this welcome</source>
        <translation>Skjul denne velkomsten</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/welcome.py" line="41"/>
        <source>Welcome</source>
        <translation>Velkommen</translation>
    </message>
</context>
<context>
    <name>_TurnModel</name>
    <message>
        <location filename="../../lornplayer/ui/transcript_parts.py" line="216"/>
        <source>Unknown speaker</source>
        <translation>Ukjent taler</translation>
    </message>
    <message>
        <location filename="../../lornplayer/ui/transcript_parts.py" line="221"/>
        <source>start time pinned</source>
        <translation>starttid festet</translation>
    </message>
</context>
</TS>
