({
    // Runs before the first render, so the first signed request already names the record.
    doInit: function (component, event, helper) {
        component.set("v.canvasParameters", helper.canvasParameters(component));
    },

    // Lightning can keep this component alive while the user moves to another record of the same
    // object. force:canvasApp is not documented to post again when its parameters change, so take
    // it out of the page and put it back: Salesforce then posts a fresh signed request for the new
    // record.
    recordChanged: function (component, event, helper) {
        component.set("v.canvasParameters", null);
        window.setTimeout(
            $A.getCallback(function () {
                if (component.isValid()) {
                    component.set("v.canvasParameters", helper.canvasParameters(component));
                }
            }),
            0
        );
    }
})
